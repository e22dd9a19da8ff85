"""What is really installed and used: agent reports, normalization to the catalog,
reconciliation against the licenses, and the real-usage signal they feed."""
