"""Merge a later referral's young person into the earlier record: every value and case kept.

Where both records hold different values, the coordinator picks the current one; the other
goes into the person's correction history, sealed under their data key. Every case of both
records ends up on the kept record, re-sealed under its key, with the duplicate's own
correction history and requests. Only then is the duplicate's empty record removed.
"""

from __future__ import annotations

from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.services import CaseError, add_event
from shared.crypto.datakeys import destroy
from shared.crypto.fields import Encrypted
from shared.extensions import db
from shared.merging.compare import LABELS, Row, rows, shown, stored
from shared.people.models import Person
from shared.people.services import update_person
from shared.privacy.models import Rectification, SubjectAccessRequest

EARLIER, THIS = "earlier", "this"


def merge(case: Case, earlier_case: Case, actor: User, picks: dict[str, str]) -> Person:
    """Merge CASE's person into EARLIER_CASE's, taking PICKS (field -> 'earlier'|'this')."""
    kept, duplicate = earlier_case.person, case.person
    _check(case, earlier_case)
    compared = rows(kept, duplicate)
    changes, not_kept = _decide(compared, picks)
    sealed = [(row, _plaintext(row)) for row in _rows_sealed_by(duplicate)]
    moved = _cases_of(duplicate)
    for row, _ in sealed:
        if isinstance(row, (Case, Rectification)):
            row.person = kept  # the rows hanging off a case follow it to the kept key
    for row, values in sealed:
        for name, value in values.items():
            setattr(row, name, value)  # sealed again, under the kept record's key
    for request in db.session.scalars(select(SubjectAccessRequest).where(
            SubjectAccessRequest.person_id == duplicate.id)):
        request.person = kept
    if changes:
        update_person(kept, **changes)
    why = f"Merged with the record of referral {case.reference}: this value was not kept"
    for field, value in not_kept:
        _history(kept, actor, field, value, why)
    case.previous_case_id = _latest_before(kept, case)
    db.session.flush()
    _remove_emptied(duplicate)
    for moved_case in moved:
        add_event(moved_case, actor, "merged",
                  f"Young person's record merged with referral {earlier_case.reference}'s")
    audit.record("merge", "person", kept.uuid, actor=actor,
                 detail=f"merge: {duplicate.uuid} merged in, cases {len(moved)}, "
                        f"fields {', '.join(sorted(changes)) or 'none'}")
    return kept


def _check(case: Case, earlier_case: Case) -> None:
    if case.person_id == earlier_case.person_id:
        raise CaseError("These referrals are already of one young person")
    if case.person.is_erased or earlier_case.person.is_erased:
        raise CaseError("An erased young person's record cannot be merged")
    if earlier_case.submitted_at > case.submitted_at:
        raise CaseError("Merge from the later referral into the earlier one")


def _decide(compared: list[Row], picks: dict[str, str]) -> tuple[dict, list]:
    """The kept record's new values, and the values not kept (for the correction history)."""
    changes, not_kept, missing = {}, [], []
    for row in compared:
        if row.added:
            changes[row.field] = row.this
        elif row.differs:
            pick = picks.get(row.field)
            if pick not in (EARLIER, THIS):
                missing.append(LABELS[row.field].lower())
            elif pick == THIS:
                changes[row.field] = row.this
                not_kept.append((row.field, row.earlier))
            else:
                not_kept.append((row.field, row.this))
    if missing:
        raise CaseError("Choose which value to keep for: " + ", ".join(missing), "picks")
    return changes, not_kept


def _history(person: Person, actor: User, field: str, value, why: str) -> None:
    row = Rectification(person=person, field=field, changed_by=actor)
    row.old_value = stored(value) or shown(value)
    row.reason = why
    db.session.add(row)


def _cases_of(person: Person) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.person_id == person.id)
                                   .order_by(Case.submitted_at)))


def _rows_sealed_by(person: Person) -> list:
    """Every row whose fields the person's data key seals (their cases and what hangs off them)."""
    found = []
    for case in _cases_of(person):
        goals = list(getattr(case, "goals", []))
        actions = [action for goal in goals for action in goal.actions]
        later = [*getattr(case, "corrections", []), *getattr(case, "outcome_reviews", []),
                 *getattr(case, "safeguarding_concerns", [])]
        found += [case, *case.events, *case.handoffs, *case.contacts, *goals, *actions, *later]
    found += db.session.scalars(select(Rectification).where(
        Rectification.person_id == person.id)).all()
    return found


def _plaintext(row) -> dict:
    names = [name for klass in type(row).__mro__ for name, value in vars(klass).items()
             if isinstance(value, Encrypted)]
    return {name: getattr(row, name) for name in names}


def _latest_before(person: Person, case: Case) -> int | None:
    return db.session.scalar(
        select(Case.id).where(Case.person_id == person.id, Case.id != case.id,
                              Case.submitted_at <= case.submitted_at)
        .order_by(Case.submitted_at.desc()).limit(1))


def _remove_emptied(duplicate: Person) -> None:
    """Drop the duplicate, now holding nothing the kept record does not (its key goes too)."""
    if _cases_of(duplicate):
        raise CaseError("The merge could not move every referral; nothing was changed")
    key = duplicate.data_key
    db.session.delete(duplicate)
    destroy(key)
    db.session.flush()
