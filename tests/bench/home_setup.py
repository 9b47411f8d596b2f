"""Bench accounts and the work a home page counts, over the pages data set; prints JSON.

On top of `demo generate` (cases, timelines, hand-offs) it adds, once: plan goals and actions
on 100,000 cases (a third open, due dates around today), 5,000 cases referred back, 20,000
custody encounters at Holborn, 300 subject access requests, and 1,000,000 notifications (2,000
in each bench user's inbox, half unread; the rest spread over 50 other staff).
"""

from __future__ import annotations

import json
import os
import random
import uuid
from datetime import timedelta

import pyotp
from sqlalchemy import func, insert, select

from engage.models import CustodyEncounter
from shared.admin.services import set_suites
from shared.auth import mfa
from shared.auth import services as accounts
from shared.cases.models import Case, CaseEvent
from shared.cases.plan_models import Action, Goal
from shared.clock import today
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.models import Notification
from shared.privacy.models import SubjectAccessRequest
from shared.reference.models import CustodySuite
from wsgi import app

PASSWORD = "station bicycle lantern"
ORGANISATIONS = {"coordinator": "DIVERT", "partner": "AITC", "dpo": "DIVERT",
                 "custody_worker": "ENGAGE"}
INBOX, FILLERS = 2_000, 50
NOTIFICATIONS = int(os.environ.get("HOME_BENCH_NOTIFICATIONS", "1000000"))
BATCH = 20_000
KINDS = ("handoff", "handoff_accepted", "referred_back", "overdue_action", "custody_case")


def _user(role: str, index: int, suite: CustodySuite) -> tuple[dict, int]:
    email = f"bench-home-{role}-{index}@bench.test"
    user = accounts.find_user(email) or accounts.create_user(
        email, f"Bench {role}", role, ORGANISATIONS[role], PASSWORD)
    secret = None
    if user.needs_mfa:  # a fresh secret each run, so no code has been used yet
        secret = pyotp.random_base32()
        user.totp_secret, user.totp_last_step = mfa.seal_secret(secret), None
    if role == "custody_worker":
        set_suites(user, [suite])
    return {"email": email, "totp": secret}, user.id


def _insert(model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


def _cases(rng: random.Random, count: int, status: str | None = None) -> list[int]:
    query = select(Case.id)
    if status:
        query = query.where(Case.status == status)
    ids = db.session.scalars(query.order_by(func.random()).limit(count)).all()
    rng.shuffle(ids)
    return ids


def _plans(rng: random.Random) -> None:
    now, day = utcnow(), today()
    goals = [{"uuid": uuid.uuid4(), "case_id": case_id, "created_at": now}
             for case_id in _cases(rng, 100_000)]
    _insert(Goal, goals)
    goal_ids = db.session.scalars(select(Goal.id)).all()
    actions = [{"uuid": uuid.uuid4(), "goal_id": goal_id, "updated_at": now,
                "owner": rng.choice(("coordinator", "partner", "young_person")),
                "status": rng.choice(("open", "done", "done")),
                "due_date": day + timedelta(days=rng.randint(-60, 60))}
               for goal_id in goal_ids for _ in range(2)]
    _insert(Action, actions)


def _referred_back(rng: random.Random) -> None:
    now = utcnow()
    _insert(CaseEvent, [{"uuid": uuid.uuid4(), "case_id": case_id, "at": now,
                         "kind": "refer_back", "summary": "Referred back for triage",
                         "from_status": "engaged", "to_status": "submitted"}
                        for case_id in _cases(rng, 5_000, "submitted")])


def _encounters(rng: random.Random, suite: CustodySuite, worker_id: int) -> None:
    now = utcnow()
    rows = []
    for _ in range(20_000):
        released = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        met = rng.random() < 0.9 and released < now - timedelta(hours=30)
        rows.append({
            "uuid": uuid.uuid4(), "submission_id": uuid.uuid4(), "programme": "engage",
            "custody_suite_id": suite.id, "bcu_id": suite.bcu_id,
            "entered_at": released - timedelta(hours=6), "age_band": "14-17",
            "accepted": rng.random() < 0.6, "episode": "first",
            "offence_category": "weapons_possession", "liaison_diversion": False,
            "recorded_by_id": worker_id, "created_at": released, "released_at": released,
            "follow_up_at": released + timedelta(hours=30) if met else None,
            "follow_up_held": True if met else None})
    _insert(CustodyEncounter, rows)


def _requests(rng: random.Random) -> None:
    day = today()
    people = db.session.scalars(select(Case.person_id).limit(300)).all()
    rows = []
    for person_id in people:
        received = day - timedelta(days=rng.randint(0, 40))
        rows.append({"uuid": uuid.uuid4(), "person_id": person_id, "received_on": received,
                     "due_on": received + timedelta(days=30),
                     "status": rng.choice(("open", "answered")), "created_at": utcnow()})
    _insert(SubjectAccessRequest, rows)


def _notifications(rng: random.Random, bench_ids: list[int]) -> None:
    fillers = [accounts.find_user(f"bench-home-filler-{i}@bench.test") or accounts.create_user(
        f"bench-home-filler-{i}@bench.test", "Filler", "coordinator", "DIVERT", PASSWORD)
        for i in range(FILLERS)]
    db.session.flush()
    owners = [i for i in bench_ids for _ in range(INBOX)]
    owners += [rng.choice(fillers).id for _ in range(NOTIFICATIONS - len(owners))]
    rng.shuffle(owners)  # the inbox rows of one user are spread through the table
    references = db.session.scalars(select(Case.reference).limit(5_000)).all()
    now = utcnow()
    rows = [{"uuid": uuid.uuid4(), "user_id": owner, "kind": rng.choice(KINDS),
             "reference": rng.choice(references), "link_path": "/cases/",
             "created_at": now - timedelta(minutes=n),
             "read_at": now if rng.random() < 0.5 else None}
            for n, owner in enumerate(owners)]
    _insert(Notification, rows)


def _seed(rng: random.Random, suite: CustodySuite, bench_ids: list[int], worker: int) -> None:
    if db.session.scalar(select(func.count(Notification.id))) >= NOTIFICATIONS:
        return  # seeded by an earlier run
    _plans(rng)
    _referred_back(rng)
    _encounters(rng, suite, worker)
    _requests(rng)
    _notifications(rng, bench_ids)
    db.session.execute(db.text("ANALYZE"))


def main() -> None:
    """Make (or refresh) the accounts and the work to count; print the accounts."""
    rng = random.Random(16)
    with app.app_context():
        suite = db.session.scalar(select(CustodySuite).where(CustodySuite.name == "Holborn"))
        users, ids = {}, {}
        for role in ORGANISATIONS:
            made = [_user(role, i, suite) for i in range(4)]
            users[role] = [found for found, _ in made]
            ids[role] = [user_id for _, user_id in made]
        db.session.flush()
        _seed(rng, suite, [i for role_ids in ids.values() for i in role_ids],
              ids["custody_worker"][0])
        db.session.commit()
        print(json.dumps({"users": users}))


if __name__ == "__main__":
    main()
