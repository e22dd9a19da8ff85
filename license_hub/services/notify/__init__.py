"""Reminders owed by license dates, in-app notifications and email."""
