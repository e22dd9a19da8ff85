"""Floating licenses: one lease engine for a publisher's issued licenses and the organization's own concurrent pools."""
