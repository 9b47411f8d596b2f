"""DIVERT's rows in the table of programmes (shared.seams)."""

from shared.seams import Programme

# Officers refer young people aged 14 to 25 from the DIVERT app; the operator triages them.
APP = Programme("divert_app", "DIVERT app", (14, 25), frozenset({"operator"}), "DV")
# DIVERT custody coaches (the operator's staff) meet adults aged 18 to 25 in custody; their
# encounters are recorded through ENGAGE's custody journey, which serves every custody row.
CUSTODY = Programme("divert_custody", "DIVERT custody", (18, 25), frozenset({"operator"}), "DC",
                    custody=True)
