"""Pure engines of the engagements area: no Django, no ORM (see docs/architecture.md)."""
