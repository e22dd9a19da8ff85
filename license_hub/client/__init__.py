"""Small clients a program embeds to talk to License Hub (standard library only)."""
