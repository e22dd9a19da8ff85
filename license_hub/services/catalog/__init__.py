"""The catalog of software products and their security grade."""
