"""Demo training roster, staff numbers, sessions and survey answers (PCD 1295's figures)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select

from divert.demo import figures
from divert.demo.people import SEED
from divert.training import imports, survey
from divert.training.models import StrandStaff, TrainingRecord, TrainingSession
from shared.auth.models import User
from shared.clock import LONDON, story_at
from shared.extensions import db
from shared.reference.models import Bcu

NAMESPACE = uuid.UUID("5b0e3c2e-1295-4d1a-9c6e-7a3f0b2d1296")
# Relative sizes of the 12 BCUs (by code order); fixed, so every run splits the same way.
BCU_WEIGHTS = (9, 10, 8, 11, 7, 9, 12, 8, 10, 7, 9, 8)
MAX_SESSION = 20
# When each strand's training began in 2023-24: Neighbourhood from May, CID (Local
# Investigation) and Public Protection from August (PCD 1295); sessions then run weekly.
STARTED = {"neighbourhood": date(2023, 5, 2), "local_investigation": date(2023, 8, 1),
           "public_protection": date(2023, 8, 3), "custody": date(2023, 6, 6),
           "other": date(2023, 6, 13)}
SPREAD_DAYS = 150  # every strand's sessions fall within this many days of its start


@dataclass(frozen=True)
class PlannedSession:
    """One demo training session."""

    index: int
    strand: str
    bcu_code: str
    held_on: date
    attendees: int


def split(total: int, weights) -> list[int]:
    """TOTAL shared out in proportion to WEIGHTS, largest remainders first (sums exactly)."""
    weights = list(weights)
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def planned_sessions(codes: list[str]) -> list[PlannedSession]:
    """Every demo session: each strand's trained officers split by BCU, at most 20 a session."""
    planned, index = [], 0
    for strand, trained in figures.TRAINED.items():
        for code, count in zip(codes, split(trained, BCU_WEIGHTS), strict=True):
            for size in split(count, [1] * -(-count // MAX_SESSION)) if count else []:
                held_on = STARTED[strand] + timedelta(days=(index * 7) % SPREAD_DAYS)
                planned.append(PlannedSession(index, strand, code, held_on, size))
                index += 1
    return planned


def roster_csv(planned: list[PlannedSession]) -> bytes:
    """The roster the sessions trained, as the CSV a coordinator would upload."""
    lines = ["strand,bcu,trained_on"]
    lines += [f"{p.strand},{p.bcu_code},{p.held_on.isoformat()}"
              for p in planned for _ in range(p.attendees)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def staff_csv(codes: list[str]) -> bytes:
    """Neighbourhood staff per BCU; the CID strands as London-wide figures."""
    trained = split(figures.TRAINED["neighbourhood"], BCU_WEIGHTS)
    untrained = split(figures.STAFF["neighbourhood"] - sum(trained), BCU_WEIGHTS[::-1])
    lines = ["strand,bcu,staff"]
    lines += [f"neighbourhood,{code},{t + u}"
              for code, t, u in zip(codes, trained, untrained, strict=True)]
    lines += [f"{strand},,{figures.STAFF[strand]}"
              for strand in ("local_investigation", "public_protection")]
    return ("\n".join(lines) + "\n").encode("utf-8")


def load_training(coordinator: User, report) -> None:
    """Import the roster and staff numbers if none are held, and add the sessions' answers."""
    codes = list(db.session.scalars(select(Bcu.code).order_by(Bcu.code)))
    planned = planned_sessions(codes)
    for model, name, make in ((TrainingRecord, "roster", lambda: roster_csv(planned)),
                              (StrandStaff, "staff", lambda: staff_csv(codes))):
        if db.session.scalar(select(exists().where(model.id.is_not(None)))):
            what = "roster" if name == "roster" else "staff numbers"
            report.notes.append(f"Training {what} already held: left as they are.")
        else:
            setattr(report, name, imports.import_csv(make()).rows)
    _sessions_and_answers(coordinator, planned, report)


def _sessions_and_answers(coordinator: User, planned: list[PlannedSession], report) -> None:
    answers = split(figures.SURVEY_RESPONSES, [p.attendees for p in planned])
    ratings = _ratings()
    bcus = {bcu.code: bcu for bcu in db.session.scalars(select(Bcu))}
    start = 0
    for plan, count in zip(planned, answers, strict=True):
        chunk, start = ratings[start:start + count], start + count
        session_uuid = uuid.uuid5(NAMESPACE, f"session-{plan.index}")
        if db.session.scalar(select(exists().where(TrainingSession.uuid == session_uuid))):
            continue
        # The trainer makes the link at the session; the answers come in that evening.
        with story_at(datetime.combine(plan.held_on, time(17, 0), tzinfo=LONDON)):
            _, token = survey.create_session(coordinator, plan.held_on, bcus[plan.bcu_code],
                                             plan.strand, plan.attendees, session_uuid)
            for training_rating, app_rating in chunk:
                survey.submit_response(token, training_rating, app_rating, None)
        report.sessions += 1
        report.responses += len(chunk)


def _ratings() -> list[tuple[int, int]]:
    """236 (training, app) pairs with exactly the PCD averages, in a fixed shuffled order."""
    rng = random.Random(SEED)  # noqa: S311  a fixed order, not a secret
    training = [r for r, n in figures.TRAINING_RATINGS.items() for _ in range(n)]
    app = [r for r, n in figures.APP_RATINGS.items() for _ in range(n)]
    rng.shuffle(training)
    rng.shuffle(app)
    return list(zip(training, app, strict=True))
