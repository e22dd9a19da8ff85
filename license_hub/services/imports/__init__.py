"""Importing an existing estate: licenses and their seat assignments from CSV
(License Hub's own export and Snipe-IT's license files), dry run first, then
all-or-nothing."""
