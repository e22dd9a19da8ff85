"""The append-only, hash-chained audit trail and the queries that read it."""
