"""Administration: users, organisations and reference data. No case content."""
