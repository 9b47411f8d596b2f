"""Privacy operations for the data protection officer: access, rectification, erasure, retention."""
