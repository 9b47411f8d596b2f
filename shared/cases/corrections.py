"""Corrections keep their history: the earlier value sealed, with who, when and why."""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime, time

from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.correction_models import Correction
from shared.cases.models import Case
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.extensions import db

MAX_REASON = 500
RECORD_LABELS = {"contact": "Contact", "goal": "Goal", "action": "Action", "outcome": "Outcome",
                 "encounter": "Custody encounter", "release": "Release time",
                 "closure": "Closure"}


def check_reason(reason: str | None) -> str:
    """The reason for a correction: required, and short."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("Say why you are making this correction", "reason")
    if len(reason) > MAX_REASON:
        raise CaseError(f"Keep the reason to {MAX_REASON} characters or fewer", "reason")
    return reason


def keep(case: Case, actor: User | None, record_type: str, record_uuid: uuid_module.UUID,
         previous: dict, current: dict, reason: str) -> Correction:
    """Seal PREVIOUS (the values before the edit) with who, when and why; refuse a no-op."""
    ensure_not_erased(case)
    reason = check_reason(reason)
    before, after = _plain(previous), _plain(current)
    if before == after:
        raise CaseError("Nothing was changed: change a value, or go back to the case")
    row = Correction(case=case, record_type=record_type, record_uuid=record_uuid,
                     corrected_by_id=actor.id if actor else None)
    # Only the fields that changed, so the history reads as what was corrected.
    row.previous = {k: v for k, v in before.items() if after.get(k) != v}
    row.reason = reason
    db.session.add(row)
    add_event(case, actor, "correction", f"{RECORD_LABELS[record_type]} corrected")
    audit.record("change", "case", case.uuid, actor=actor, detail=f"{record_type} corrected")
    return row


def history(case: Case, record_type: str, record_uuid: uuid_module.UUID) -> list[Correction]:
    """Every correction of one record, newest first."""
    return list(db.session.scalars(
        select(Correction).where(Correction.case_id == case.id,
                                 Correction.record_type == record_type,
                                 Correction.record_uuid == record_uuid)
        .order_by(Correction.id.desc())))


def corrected(case: Case) -> set[tuple[str, uuid_module.UUID]]:
    """(record type, UUID) of each of the case's records that has a correction history."""
    return {(row.record_type, row.record_uuid) for row in db.session.execute(
        select(Correction.record_type, Correction.record_uuid).where(
            Correction.case_id == case.id))}


def _plain(values: dict) -> dict:
    """JSON-safe values: dates and times as ISO text, lists sorted."""
    out = {}
    for key, value in values.items():
        if isinstance(value, (date, datetime, time)):
            value = value.isoformat()
        elif isinstance(value, (list, tuple, set)):
            value = sorted(value)
        out[key] = value
    return out
