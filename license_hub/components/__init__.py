"""Shared UI pieces: the shell, badges, the license card, paging and form fields."""
