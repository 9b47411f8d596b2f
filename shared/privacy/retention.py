"""Retention rules, what falls due under them, and erasing what is due in resumable batches."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from shared.api.idempotency import purge_expired
from shared.audit import services as audit
from shared.cases.models import Case, CaseEvent
from shared.clock import london_date
from shared.extensions import db
from shared.people.models import Person
from shared.privacy.erasure import erase
from shared.privacy.models import RetentionRule

# Our reading of domain.md's retention facts; the DPO can change them on the rules page.
DEFAULT_RULES = (
    {"code": "declined", "label": "Declined at triage", "status": "declined",
     "anchor": "decision", "keep_months": 12},
    {"code": "no_further_action", "label": "No further action at triage",
     "status": "no_further_action", "anchor": "decision", "keep_months": 12},
    {"code": "closed", "label": "Closed after support", "status": "closed",
     "anchor": "last_action", "keep_months": 36, "until_age": 18},
)


@dataclass
class Due:
    """A person whose every case is past its retention date (no names: uuid and references)."""

    person_id: int
    person_uuid: object
    due_on: date
    rule: str
    references: list[str] = field(default_factory=list)
    # (age, months) when a rule keeps data until that birthday plus months; else None.
    needs_birthday: tuple[int, int] | None = None


def load_default_rules() -> int:
    """Add any default rule that is missing (by code), never overwriting the DPO's edits."""
    existing = set(db.session.scalars(select(RetentionRule.code)))
    added = [RetentionRule(**rule) for rule in DEFAULT_RULES if rule["code"] not in existing]
    db.session.add_all(added)
    db.session.flush()
    return len(added)


def rules() -> list[RetentionRule]:
    """Every rule, in the order shown on the rules page."""
    return list(db.session.scalars(select(RetentionRule).order_by(RetentionRule.id)))


def update_rule(rule: RetentionRule, keep_months: int, until_age: int | None,
                active: bool) -> None:
    """Change how long a rule keeps data; audited."""
    rule.keep_months, rule.until_age, rule.active = keep_months, until_age, active
    audit.record("change", "retention_rule", rule.uuid,
                 detail=f"keep_months={keep_months} until_age={until_age} active={active}")


def add_months(day: date, months: int) -> date:
    """The same day MONTHS later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_people(on_or_before: date) -> list[Due]:
    """People due for erasure by ON_OR_BEFORE, earliest first; only decrypts birth dates."""
    active = [r for r in rules() if r.active]
    people: dict[int, Due | None] = {}
    for row in _case_rows():
        _merge(people, row, _rule_for(active, row))
    candidates = [d for d in people.values() if d is not None and d.due_on <= on_or_before]
    _apply_age_floors([d for d in candidates if d.needs_birthday is not None])
    return sorted((d for d in candidates if d.due_on <= on_or_before),
                  key=lambda d: (d.due_on, d.person_id))


def _case_rows():
    last = (select(CaseEvent.case_id, func.max(CaseEvent.at).label("last_at"))
            .group_by(CaseEvent.case_id).subquery())
    # The decision that put the case where it is now: the latest event into its current status
    # (a case accepted, referred back and then declined runs from the decline, not the first
    # triage, which `triaged_at` keeps for the time-to-triage figures).
    decided = (select(CaseEvent.case_id, func.max(CaseEvent.at).label("decided_at"))
               .join(Case, Case.id == CaseEvent.case_id)
               .where(CaseEvent.to_status == Case.status)
               .group_by(CaseEvent.case_id).subquery())
    return db.session.execute(
        select(Case.person_id, Person.uuid, Case.reference, Case.programme, Case.status,
               Case.closure_reason, Case.triaged_at, Case.closed_at, Case.submitted_at,
               last.c.last_at, decided.c.decided_at)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(last, last.c.case_id == Case.id)
        .outerjoin(decided, decided.c.case_id == Case.id)
        .where(Person.erased_at.is_(None)).order_by(Case.person_id, Case.id))


def _anchor(rule: RetentionRule, row) -> date:
    """The day a case's retention runs from: its last decision or closure, or its last action."""
    decision = row.decided_at or row.closed_at or row.triaged_at
    if rule.anchor == "decision":
        moment = decision or row.last_at
    else:  # the last action, never earlier than the decision that ended the case
        moment = max((m for m in (row.last_at, decision) if m is not None), default=None)
    return _as_date(moment or row.submitted_at)


def _rule_for(active: list[RetentionRule], row) -> RetentionRule | None:
    matching = [r for r in active if r.status == row.status
                and r.programme in (None, row.programme)
                and r.closure_reason in (None, row.closure_reason)]
    # The most specific rule wins: one naming the programme or reason beats a general one.
    return max(matching, key=lambda r: (r.programme is not None) + (r.closure_reason is not None),
               default=None)


def _merge(people: dict, row, rule: RetentionRule | None) -> None:
    if row.person_id in people and people[row.person_id] is None:
        return
    if rule is None:  # an open case, or one no rule covers: keep the person
        people[row.person_id] = None
        return
    anchor = _anchor(rule, row)
    floor = None if rule.until_age is None else (rule.until_age, rule.keep_months)
    due = Due(row.person_id, row.uuid, add_months(anchor, rule.keep_months), rule.code,
              [row.reference], floor)
    current = people.get(row.person_id)
    if current is None:
        people[row.person_id] = due
        return
    current.references.append(row.reference)
    if due.due_on > current.due_on:
        current.due_on, current.rule = due.due_on, due.rule
    current.needs_birthday = current.needs_birthday or due.needs_birthday


def _apply_age_floors(dues: list[Due], chunk: int = 500) -> None:
    # Only people already past the time-based date need their (encrypted) birth date read.
    for start in range(0, len(dues), chunk):
        part = {d.person_id: d for d in dues[start:start + chunk]}
        for person in db.session.scalars(select(Person).where(Person.id.in_(part))):
            due, born = part[person.id], person.date_of_birth
            if born:
                age, months = due.needs_birthday
                floor = add_months(add_months(born, 12 * age), months)
                due.due_on = max(due.due_on, floor)


def _as_date(value: datetime | date) -> date:
    # The day on London's calendar: a decision at 23:30 UTC in summer was made the next day.
    return london_date(value) if isinstance(value, datetime) else value


def batches(dues: list[Due], size: int) -> Iterator[list[Due]]:
    """DUES in slices of SIZE."""
    for start in range(0, len(dues), size):
        yield dues[start:start + size]


def erase_batch(batch: list[Due]) -> int:
    """Erase one batch of due people (the caller commits); returns how many were erased."""
    wanted = {d.person_id: d for d in batch}
    people = db.session.scalars(select(Person).where(Person.id.in_(wanted),
                                                     Person.erased_at.is_(None)))
    count = 0
    for person in people:
        due = wanted[person.id]
        erase(person, due.rule, due.references,
              reason=f"Retention period under rule {due.rule} ended on {due.due_on.isoformat()}")
        count += 1
    return count


def apply(today: date, batch_size: int = 100, after_batch: Callable[[int], None] | None = None,
          due: list[Due] | None = None) -> int:
    """Erase everyone due by TODAY, committing each batch so a rerun carries on where it stopped.

    Stored API answers past their 24 hours go first: they are copies of what a POST returned.
    """
    purge_expired()
    db.session.commit()
    erased = 0
    for batch in batches(due_people(today) if due is None else due, batch_size):
        erased += erase_batch(batch)
        db.session.commit()
        if after_batch:
            after_batch(len(batch))
    return erased
