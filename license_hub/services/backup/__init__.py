"""Backups: one archive with a consistent copy of the database and the uploaded documents."""
