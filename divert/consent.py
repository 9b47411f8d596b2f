"""The consent wording shown to the young person; its version is stored with each referral."""

CONSENT_VERSION = "2026-11-v1"
CONSENT_WORDING = (
    "I have explained to the young person that this referral goes to the DIVERT team, a "
    "charity that is not the police, so that a youth worker can contact them and offer "
    "support. Their details will be kept securely and shared only with the organisations that "
    "support them. The young person agrees to be referred."
)
