"""Background jobs: the scheduler (one active per deployment, chosen by a lease
in the database), the reminder scan and the email outbox."""
