"""The young person: encrypted identity, coarse statistics columns, duplicate check."""
