"""The domain: rules, queries and maths. Never imports reflex, so every rule is
tested without a browser, on SQLite and PostgreSQL alike."""
