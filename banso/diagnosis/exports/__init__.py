"""Diagnosis exporters (PDF and Excel): classes whose render() returns an ExportFile."""
