"""Diagnosis pages. Thin: they read input, call the domain functions and render."""
