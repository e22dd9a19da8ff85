"""Who may use License Hub: accounts, sessions, roles and permissions."""
