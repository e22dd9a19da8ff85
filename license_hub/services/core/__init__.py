"""Infrastructure every aggregate leans on: refusal messages, money, secrets at rest, CSV with the formula guard."""
