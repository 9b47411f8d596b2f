"""A record's correction history as the page shows it: who, when, why and the earlier values."""

from __future__ import annotations

from datetime import date, datetime

from shared.cases import choices
from shared.cases.correction_models import Correction
from shared.cases.plan_models import ACTION_OWNERS
from shared.clock import london_time

FIELD_LABELS = {
    "on": "Date", "at": "Time", "duration_minutes": "Minutes", "method": "How",
    "place": "Where", "attendance": "Did it happen", "notes": "Notes", "title": "Goal",
    "description": "Action", "owner": "Owner", "due_date": "Due", "engaged": "Engaging",
    "needs": "Needs addressed", "ete_outcome": "Education, training or employment",
    "closed_at": "Closed", "closure_reason": "Reason for closing", "closure_note": "Note",
    "released_at": "Released", "follow_up_at": "Follow-up meeting",
    "episode": "Time in custody", "offence_category": "Offence category",
    "police_outcome": "Police outcome", "liaison_diversion": "Liaison and Diversion",
}
CODES = {"method": choices.CONTACT_METHODS, "attendance": choices.CONTACT_ATTENDANCE,
         "owner": ACTION_OWNERS, "ete_outcome": choices.ETE_OUTCOMES}


def present(record_type: str, rows: list[Correction], codes: dict | None = None) -> list[dict]:
    """Each correction, newest first, with its earlier values in words (CODES: more labels)."""
    codes = {**CODES, **(codes or {})}
    return [{"at": london_time(row.corrected_at),
             "who": row.corrected_by.full_name if row.corrected_by else "The system",
             "reason": row.reason,
             "values": [(FIELD_LABELS.get(k, k), _words(k, v, codes))
                        for k, v in (row.previous or {}).items()]}
            for row in rows]


def _words(key: str, value, codes: dict) -> str:
    if value is None or value == "" or value == []:
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "needs":
        return ", ".join(choices.NEEDS.get(v, v) for v in value)
    if key in codes:
        return codes[key].get(value, value)
    return _when(value) if isinstance(value, str) else str(value)


def _when(text: str) -> str:
    """ISO dates and times as people write them; other text unchanged."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) == 10:
        return date.fromisoformat(text).strftime("%d %B %Y")
    if len(text) <= 8:
        return text
    return london_time(moment) if moment.tzinfo else moment.strftime("%d %B %Y %H:%M")
