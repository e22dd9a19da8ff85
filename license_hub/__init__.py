"""License Hub: self-hosted software license management."""
