"""Monitoring business rules: each function validates, saves with audit and logs the activity."""
