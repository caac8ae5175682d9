"""Pure rules of the companies layer (industry list, size rule): no Django (see docs/architecture.md)."""
