"""The deterministic demo organization."""
