"""Pure engines of the diagnosis area: no Django, no ORM (see docs/architecture.md)."""
