"""Append-only, hash-chained audit log of who touched which record, never the values."""
