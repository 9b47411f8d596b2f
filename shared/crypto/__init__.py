"""Field-level encryption: key ring, per-person data keys, encrypted columns, blind indexes."""
