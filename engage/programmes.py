"""ENGAGE's row in the table of programmes (shared.seams)."""

from shared.seams import Programme

# Custody youth workers of a local authority see children aged 10 to 17.
ENGAGE = Programme("engage", "ENGAGE", (10, 17), frozenset({"local_authority"}), "EN",
                   custody=True)
