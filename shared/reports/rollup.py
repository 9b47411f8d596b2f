"""Keeps the statistics rollup right in the same transaction as every change to a case.

A session listener notes any flushed case, timeline entry, hand-off, contact or person; just
before the transaction commits, `refresh_cases` recomputes those cases' contributions from
their clear columns, once, and applies the difference to `report_counts` (a rollback forgets
them). Nothing here reads an encrypted column. `rebuild` recomputes everything (after bulk
loads that bypass the ORM, or to check the rollup).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import delete, event, exists, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.cases.models import Case, CaseEvent, Contact, Handoff
from shared.cases.states import Status
from shared.clock import LONDON
from shared.people.models import Person
from shared.reports.models import ReportCaseFact, ReportCount

STAGES = ("referred", "accepted", "handed_off", "partner_accepted", "engaged", "still_engaging")
EQUALITY = ("age_band", "gender", "ethnicity")
# Triaged but turned away; a referred-back case (submitted again) was accepted before.
REFUSED = (Status.DECLINED.value, Status.NO_FURTHER_ACTION.value)
CHILDREN = (CaseEvent, Handoff, Contact)
CHUNK = 5_000
# Each case also counts towards "all programmes" and "all BCUs", so that any combination of
# the dashboard's filters reads at most (months x values) rows, however many cases there are.
ALL_PROGRAMMES, ALL_BCUS = "*", -1


def levels(month: str, programme: str, bcu_id: int) -> tuple[tuple, ...]:
    """The four rollup cells one case of MONTH, PROGRAMME and BCU_ID counts in."""
    return ((month, programme, bcu_id), (month, ALL_PROGRAMMES, bcu_id),
            (month, programme, ALL_BCUS), (month, ALL_PROGRAMMES, ALL_BCUS))


def fact_query():
    """One row per case of exactly the clear values the statistics need."""
    latest_partner = (select(Handoff.organisation_id).where(Handoff.case_id == Case.id)
                      .order_by(Handoff.id.desc()).limit(1).scalar_subquery())
    any_handoff = exists().where(Handoff.case_id == Case.id)
    partner_accepted = exists().where(Handoff.case_id == Case.id, Handoff.status == "accepted")
    return (select(Case.id, Case.submitted_at, Case.programme, Case.bcu_id, Case.borough_id,
                   Case.status, Case.triaged_at, Case.first_contact_at, Case.engaged,
                   Case.partner_organisation_id, Case.age_band, Person.gender,
                   Person.ethnicity_group, latest_partner.label("latest_partner"),
                   any_handoff.label("handed_off"), partner_accepted.label("partner_accepted"))
            .join(Person, Person.id == Case.person_id))


def contributions(row) -> tuple[str, str, int, list[str]]:
    """(month, programme, bcu, ["measure=value", ...]) for one fact_query row."""
    stages = {"referred": True,
              "accepted": row.triaged_at is not None and row.status not in REFUSED,
              "handed_off": bool(row.handed_off),
              "partner_accepted": bool(row.partner_accepted),
              "engaged": bool(row.engaged),
              "still_engaging": row.status == Status.ENGAGED.value}
    keys = [f"stage={name}" for name in STAGES if stages[name]]
    keys += [f"borough={row.borough_id or 0}", f"partner={row.latest_partner or 0}"]
    if stages["still_engaging"]:
        keys.append(f"still_engaging={row.partner_organisation_id or 0}")
    for measure, value in zip(EQUALITY, (row.age_band, row.gender, row.ethnicity_group),
                              strict=True):
        keys.append(f"{measure}={value or 'none'}")
        if stages["engaged"]:
            keys.append(f"{measure}_engaged={value or 'none'}")
    if row.triaged_at is not None:
        keys.append(f"triage_days={max(0, (row.triaged_at - row.submitted_at).days)}")
    # Months and calendar days are London's: a referral at 00:30 on 1 July (BST) is July's.
    submitted = row.submitted_at.astimezone(LONDON)
    if row.first_contact_at is not None:
        days = (row.first_contact_at - submitted.date()).days
        keys.append(f"contact_days={max(0, days)}")
    return submitted.strftime("%Y-%m"), row.programme, row.bcu_id or 0, keys


def refresh_cases(session: Session, case_ids: Iterable[int]) -> None:
    """Bring the rollup up to date for CASE_IDS (the single hook for any other writer)."""
    ids = sorted({i for i in case_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(session, ids[start:start + CHUNK])


def _refresh_chunk(session: Session, ids: list[int]) -> None:
    fact = ReportCaseFact.__table__.c
    old = {f.case_id: f for f in session.execute(
        select(fact.case_id, fact.month, fact.programme, fact.bcu_id, fact.contributions)
        .where(fact.case_id.in_(ids)))}
    new = {row.id: contributions(row) for row in session.execute(
        fact_query().where(Case.id.in_(ids)))}
    delta: Counter = Counter()
    for case_id in ids:
        before, after = old.get(case_id), new.get(case_id)
        if before is not None:
            _count(delta, before.month, before.programme, before.bcu_id,
                   before.contributions.split(";"), -1)
        if after is not None:
            _count(delta, *after, 1)
    _apply(session, {k: v for k, v in delta.items() if v})
    _store_facts(session, ids, old, new)


def _count(counter: Counter, month: str, programme: str, bcu_id: int, keys: list[str],
           step: int) -> None:
    for level in levels(month, programme, bcu_id):
        for key in keys:
            counter[(*level, key)] += step


def _apply(session: Session, delta: dict) -> None:
    if not delta:
        return
    rows = [{"month": m, "programme": p, "bcu_id": b, "measure": key.split("=", 1)[0],
             "value": key.split("=", 1)[1], "n": n} for (m, p, b, key), n in delta.items()]
    table = ReportCount.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["month", "programme", "bcu_id", "measure", "value"],
        set_={"n": table.c.n + statement.excluded.n})
    # Sorted, so concurrent writers lock rows in the same order and cannot deadlock.
    session.connection().execute(statement, sorted(rows, key=lambda r: tuple(r.values())))


def _store_facts(session: Session, ids: list[int], old: dict, new: dict) -> None:
    connection = session.connection()
    gone = [i for i in ids if i in old]
    if gone:
        connection.execute(delete(ReportCaseFact.__table__)
                           .where(ReportCaseFact.case_id.in_(gone)))
    rows = [{"case_id": i, "month": m, "programme": p, "bcu_id": b, "contributions": ";".join(keys)}
            for i, (m, p, b, keys) in new.items()]
    if rows:
        connection.execute(ReportCaseFact.__table__.insert(), rows)


def rebuild(session: Session) -> int:
    """Recompute the whole rollup from the cases; returns how many cases were counted."""
    session.flush()
    session.info.pop(PENDING, None)  # everything is recounted below
    connection = session.connection()
    # Right after a bulk load the planner has no statistics, and PostgreSQL then found each
    # case's latest hand-off by scanning every hand-off backwards: minutes for 100,000 cases.
    for table in ("cases", "handoffs", "people"):
        connection.execute(text(f"ANALYZE {table}"))
    connection.execute(delete(ReportCount.__table__))
    connection.execute(delete(ReportCaseFact.__table__))
    totals: Counter = Counter()
    counted, last_id = 0, 0
    while True:
        rows = session.execute(fact_query().where(Case.id > last_id).order_by(Case.id)
                               .limit(50_000)).all()
        if not rows:
            break
        new = {row.id: contributions(row) for row in rows}
        for fact in new.values():
            _count(totals, *fact, 1)
        _store_facts(session, [], {}, new)
        counted, last_id = counted + len(rows), rows[-1].id
    # One plain insert of the totals (an upsert per row is slow over a network connection).
    rows = [{"month": m, "programme": p, "bcu_id": b, "measure": key.split("=", 1)[0],
             "value": key.split("=", 1)[1], "n": n} for (m, p, b, key), n in totals.items()]
    if rows:
        connection.execute(ReportCount.__table__.insert(), rows)
    return counted


def _touched_cases(session: Session) -> set[int]:
    ids, people = set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case):
            ids.add(obj.id)
        elif isinstance(obj, CHILDREN):
            ids.add(obj.case_id)
        elif isinstance(obj, Person):
            people.add(obj.id)
    if people:
        ids.update(session.execute(select(Case.id).where(Case.person_id.in_(people)))
                   .scalars())
    return ids


PENDING = "rollup_pending_case_ids"


def _after_flush(session: Session, flush_context) -> None:
    # Only note the cases here: a request flushes several times, and recounting on each
    # flush cost about 40% of an intake. The recount happens once, just before the commit.
    ids = _touched_cases(session)
    if ids:
        session.info.setdefault(PENDING, set()).update(ids)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's cases wait for the outer commit
    session.flush()  # the commit would flush after this hook; the rollup needs those rows now
    ids = session.info.pop(PENDING, None)
    if ids:
        refresh_cases(session, ids)


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    # Rolling back a savepoint keeps the outer transaction's cases pending; recounting a
    # case that did not change is harmless, forgetting one that did is not.
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)


def _after_transaction_end(session: Session, transaction) -> None:
    # close() ends a transaction without a rollback event; nothing may carry over.
    if transaction.parent is None:
        session.info.pop(PENDING, None)


LISTENERS = (("after_flush", _after_flush), ("before_commit", _before_commit),
             ("after_soft_rollback", _after_soft_rollback),
             ("after_transaction_end", _after_transaction_end))


def listen() -> None:
    """Keep the rollup right on every session's flush and commit (create_app calls this once;
    a second call adds nothing)."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
