"""The supplementary information UK GDPR Article 15(1)-(2) requires with a subject access copy."""

from __future__ import annotations

from shared.privacy import retention
from shared.privacy.models import RETENTION_ANCHORS

ICO = {"name": "Information Commissioner's Office",
       "website": "https://ico.org.uk/make-a-complaint/", "telephone": "0303 123 1113",
       "address": "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"}

PURPOSES = [
    "To offer and give you support through a youth-violence diversion programme (DIVERT or "
    "ENGAGE), with your consent or, in custody, as part of a public task.",
    "To keep you and others safe: assessing risk and exploitation concerns (safeguarding).",
    "To pass your referral to the partner organisation that supports you.",
    "To produce statistics that never identify anyone (small numbers are suppressed), so the "
    "programmes can be evaluated and funded.",
]

RIGHTS = [
    "to have anything wrong corrected (rectification, Article 16);",
    "to have your data erased where there is no longer a reason to keep it (Article 17);",
    "to have its use restricted while a question about it is settled (Article 18);",
    "to object to its use where we rely on a public task or legitimate interests (Article 21);",
    "to withdraw your consent at any time, where we rely on consent, without affecting what "
    "was done before;",
    "to a copy of your data in a portable format where we rely on consent (Article 20).",
]


def supplementary(data: dict) -> dict:
    """Purposes, recipients, retention, source, rights and the right to complain to the ICO."""
    return {
        "purposes": PURPOSES,
        "categories": ["identity and contact details", "referral details including health, "
                       "vulnerability and exploitation concerns (special category data)",
                       "custody encounters (offence category and times)",
                       "support plans, contacts and outcomes"],
        "recipients": _recipients(data),
        "retention": _retention(),
        "source": _sources(data),
        "automated_decision_making": "There is none: every decision about you is made by a person.",
        "your_rights": RIGHTS,
        "complaints": {"to_us": "Contact the data protection officer of the DIVERT team.",
                       "to_the_regulator": ICO},
    }


def _recipients(data: dict) -> list[str]:
    named = sorted({d["organisation"] for d in data.get("disclosures", [])})
    return [*(f"{name} (your referral was handed to them)" for name in named),
            "The Metropolitan Police Service officer or custody worker who referred you "
            "(receipt of the referral only)",
            "London's Violence Reduction Unit (statistics only, never your identity)"]


def _retention() -> list[str]:
    lines = []
    for rule in retention.rules():
        if not rule.active:
            continue
        until = (f", or until you turn {rule.until_age} plus that time, whichever is later"
                 if rule.until_age else "")
        lines.append(f"{rule.label}: {rule.keep_months} months after "
                     f"{RETENTION_ANCHORS.get(rule.anchor, rule.anchor)}{until}.")
    lines.append("While a referral is open, everything is kept.")
    return lines


def _sources(data: dict) -> list[str]:
    routes = sorted({r["route"] for r in data.get("referrals", []) if r.get("route")})
    found = [f"Your referral ({route})" for route in routes] or ["Your referral"]
    if data.get("custody_encounters"):
        found.append("The custody youth worker or coach who met you in police custody")
    return [*found, "You, and the partner organisation that supports you"]
