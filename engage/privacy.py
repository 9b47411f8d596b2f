"""What ENGAGE holds about a person in its own table, for subject access and erasure.

A custody encounter that became a case holds the child's offence category, the exact times they
entered and left custody, the suite and whether a parent consented. Its columns are in clear
(they are counted), so the person's data key does not seal them: erasure deletes the row.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from engage import choices
from engage.models import CustodyEncounter
from shared.api.idempotency import forget_mentions
from shared.cases.models import Case
from shared.extensions import db
from shared.seams import PersonData, labels


def _encounters(person) -> list[CustodyEncounter]:
    return list(db.session.scalars(
        select(CustodyEncounter).join(Case, CustodyEncounter.case_id == Case.id)
        .where(Case.person_id == person.id).order_by(CustodyEncounter.entered_at)))


def export(person) -> list[dict] | None:
    """The person's custody encounters, as subject access shows them (None: there are none)."""
    rows = [{
        "reference": e.uuid, "programme": labels().get(e.programme),
        "custody_suite": e.custody_suite.name, "entered_custody_at": e.entered_at,
        "released_at": e.released_at, "episode": choices.EPISODES.get(e.episode, e.episode),
        "offence_category": choices.OFFENCES.get(e.offence_category, e.offence_category),
        "police_outcome": choices.POLICE_OUTCOMES.get(e.police_outcome, e.police_outcome),
        "liaison_and_diversion": e.liaison_diversion, "parental_consent": e.parental_consent,
        "age_band": e.age_band, "follow_up_at": e.follow_up_at,
        "follow_up_held": e.follow_up_held, "recorded_at": e.created_at,
    } for e in _encounters(person)]
    return rows or None


def erase(person) -> None:
    """Delete the person's encounters, and any stored API answer that described one."""
    found = _encounters(person)
    forget_mentions([str(e.uuid) for e in found])
    if found:
        db.session.execute(delete(CustodyEncounter).where(
            CustodyEncounter.id.in_([e.id for e in found])))


PERSON_DATA = PersonData("custody_encounters", export=export, erase=erase,
                         tables=("custody_encounters",))
