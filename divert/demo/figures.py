"""The figures PCD 1295 reports, which `demo load` reproduces exactly."""

from __future__ import annotations

REFERRALS = 26
ENGAGED = {"AITC": 5, "ENGCAM": 6}  # 11 continue to engage
TRAINED = {"neighbourhood": 422, "local_investigation": 98, "public_protection": 70,
           "custody": 40, "other": 38}  # 668 in all; the CID strands make 168
STAFF = {"neighbourhood": 490, "local_investigation": 215, "public_protection": 160}
SURVEY_RESPONSES = 236
# Rating -> how many answers gave it: 236 answers averaging 4.82 and 4.68 to 2 decimals.
TRAINING_RATINGS = {5: 196, 4: 37, 3: 3}        # 1137 / 236 = 4.8178
APP_RATINGS = {5: 172, 4: 54, 3: 8, 2: 2}       # 1104 / 236 = 4.6780
# What became of the 15 referrals that are not engaged now (the 11 that are come first).
OTHER_FATES = (
    ["awaiting_triage"] * 3 + ["declined"] * 3 + ["no_further_action"] * 3
    + ["accepted"] * 2 + ["plan_agreed", "handed_off"] + ["closed_after_engagement"] * 2
)
