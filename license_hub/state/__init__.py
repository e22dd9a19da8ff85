"""Thin page states: guard, parse, call a service, keep plain values for the page."""
