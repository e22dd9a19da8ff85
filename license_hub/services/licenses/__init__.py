"""Licenses: the register, its form rules, its list and its health."""
