"""Documents: contracts, order forms and quotes on a license — storage, type
sniffing, text extraction, the terms found in them, and their review."""
