"""Monitoring engines: pure Python (Decimal, no Django), unit-tested in tests/monitoring/engines/."""
