"""Correcting a custody encounter's facts and its release time, keeping the earlier values.

The history is sealed under the young person's key, so only an encounter whose offer was
accepted (and so has a case and a person) can be corrected here.
"""

from __future__ import annotations

from datetime import datetime

from engage import choices
from engage.models import CustodyEncounter
from engage.services import EncounterError, _check_release
from shared.audit import services as audit
from shared.auth.models import User
from shared.cases import corrections

FIELDS = ("episode", "offence_category", "police_outcome", "liaison_diversion", "released_at")


def values_of(encounter: CustodyEncounter) -> dict:
    """The correctable facts of ENCOUNTER."""
    return {name: getattr(encounter, name) for name in FIELDS}


def correct_encounter(worker: User, encounter: CustodyEncounter, changes: dict,
                      reason: str) -> None:
    """Change the custody facts or the release time, keeping the earlier values sealed."""
    if encounter.case is None:
        raise EncounterError("A declined offer keeps no personal record, so it has no history "
                             "to correct into. Ask the coordinator to fix it.")
    corrections.check_reason(reason)
    _check(encounter, changes)
    before = values_of(encounter)
    after = {**before, **changes}
    corrections.keep(encounter.case, worker, "encounter", encounter.uuid, before, after, reason)
    for name, value in changes.items():
        setattr(encounter, name, value)
    audit.record("change", "custody_encounter", encounter.uuid, actor=worker,
                 detail="encounter corrected")


def _check(encounter: CustodyEncounter, changes: dict) -> None:
    for name, allowed in (("episode", choices.EPISODES), ("offence_category", choices.OFFENCES)):
        if changes.get(name) not in allowed:
            raise EncounterError("Choose an option from the list", name)
    if changes.get("police_outcome") not in (None, *choices.POLICE_OUTCOMES):
        raise EncounterError("Choose an option from the list", "police_outcome")
    released: datetime | None = changes.get("released_at")
    if released is not None:
        _check_release(encounter, released)
    if encounter.follow_up_at is not None and (released is None
                                               or encounter.follow_up_at < released):
        raise EncounterError("The release must be before the follow-up meeting", "released_at")
