"""The training feedback survey: sessions, their unguessable links, answers and the results."""

from __future__ import annotations

import hashlib
import secrets
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select, update

from divert.training.coverage import percent, trained_total
from divert.training.models import SurveyResponse, TrainingSession
from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.choices import STRANDS
from shared.cases.services import CaseError
from shared.clock import today
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu

LINK_LIFETIME = timedelta(days=7)
MAX_ATTENDEES = 500
COMMENT_MAX = 1000
RATINGS = range(1, 6)


class LinkUnavailable(Exception):
    """The feedback link is unknown (404), or expired or full (410)."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


UNKNOWN = (404, "This feedback link does not work",
           "Check you scanned the whole code, or ask your trainer for the link.")
EXPIRED = (410, "This feedback link has expired",
           "Feedback links work for 7 days after they are made. Thank you for wanting to help.")
FULL = (410, "This session's feedback is complete",
        "Everyone who attended this session has already answered. Thank you.")


def hash_token(token: str) -> str:
    """The SHA-256 (hex) kept in place of a link's token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_session(actor: User, held_on: date, bcu: Bcu | None, strand: str, attendees: int,
                   session_uuid: uuid_module.UUID | None = None) -> tuple[TrainingSession, str]:
    """Record a training session and make its feedback link; the token is returned once."""
    _check_session(held_on, bcu, strand, attendees)
    token = secrets.token_urlsafe(32)
    session = TrainingSession(uuid=session_uuid or uuid_module.uuid4(), held_on=held_on,
                              bcu=bcu, strand=strand, attendees=attendees, responses=0,
                              token_hash=hash_token(token),
                              expires_at=utcnow() + LINK_LIFETIME, created_by_id=actor.id)
    db.session.add(session)
    db.session.flush()
    audit.record("create", "training_session", session.uuid)
    return session, token


def new_link(session: TrainingSession, actor: User) -> str:
    """Replace the session's link (the old one stops working) for another 7 days."""
    token = secrets.token_urlsafe(32)
    session.token_hash, session.expires_at = hash_token(token), utcnow() + LINK_LIFETIME
    db.session.flush()
    audit.record("change", "training_session", session.uuid, detail="new feedback link")
    return token


def _check_session(held_on, bcu, strand: str, attendees) -> None:
    if not isinstance(held_on, date) or not today() - timedelta(days=730) <= held_on <= today():
        raise CaseError("The session date must be today or in the last two years", "held_on")
    if bcu is None:
        raise CaseError("Choose a BCU from the list", "bcu")
    if strand not in STRANDS:
        raise CaseError("Choose a strand from the list", "strand")
    if not isinstance(attendees, int) or not 1 <= attendees <= MAX_ATTENDEES:
        raise CaseError(f"Enter the number of attendees, from 1 to {MAX_ATTENDEES}",
                        "attendees")


def open_session(token: str) -> TrainingSession:
    """The session a link belongs to, if it can still take an answer; else LinkUnavailable."""
    session = db.session.scalar(select(TrainingSession)
                                .where(TrainingSession.token_hash == hash_token(token)))
    if session is None:
        raise LinkUnavailable(*UNKNOWN)
    if session.expires_at <= utcnow():
        raise LinkUnavailable(*EXPIRED)
    if session.responses >= session.attendees:
        raise LinkUnavailable(*FULL)
    return session


def submit_response(token: str, training_rating: int, app_rating: int,
                    comment: str | None) -> SurveyResponse:
    """Take one answer, unless the link expired or every attendee has answered."""
    session = open_session(token)
    if training_rating not in RATINGS or app_rating not in RATINGS:
        raise CaseError("Choose a rating from 1 to 5")
    if comment and len(comment) > COMMENT_MAX:
        raise CaseError(f"Keep your comment to {COMMENT_MAX} characters or fewer", "comment")
    # One conditional UPDATE claims a place: two answers racing for the last one cannot both
    # win, on SQLite (one writer) or PostgreSQL (the row lock, then the WHERE is re-checked).
    claimed = db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id == session.id,
               TrainingSession.responses < TrainingSession.attendees,
               TrainingSession.expires_at > utcnow())
        .values(responses=TrainingSession.responses + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.refresh(session)
        raise LinkUnavailable(*(FULL if session.responses >= session.attendees else EXPIRED))
    response = SurveyResponse(session_id=session.id, training_rating=training_rating,
                              app_rating=app_rating, comment=comment or None)
    db.session.add(response)
    return response


def average(total: int | None, count: int) -> str:
    """TOTAL / COUNT to 2 decimals, rounded half up ('' with no answers)."""
    if not count:
        return ""
    return str((Decimal(total or 0) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass
class SessionRow:
    """A session's line in the results: responses out of attendees."""

    uuid: object
    held_on: date
    bcu: str
    strand: str
    responses: int
    attendees: int
    expires_at: datetime

    @property
    def rate(self) -> str:
        """Responses as a share of attendees."""
        return percent(self.responses, self.attendees)


@dataclass
class FeedbackSummary:
    """The survey's results: response rate and average ratings."""

    responses: int
    trained: int
    training_average: str
    app_average: str
    sessions: list[SessionRow]

    @property
    def rate(self) -> str:
        """Responses as a share of trained officers."""
        return percent(self.responses, self.trained)


def feedback_summary() -> FeedbackSummary:
    """Responses, trained users and the average of each question, to 2 decimals."""
    count, training, app = db.session.execute(select(
        func.count(SurveyResponse.id), func.sum(SurveyResponse.training_rating),
        func.sum(SurveyResponse.app_rating))).one()
    return FeedbackSummary(count, trained_total(), average(training, count), average(app, count),
                           sessions())


def sessions() -> list[SessionRow]:
    """Every session, newest first."""
    rows = db.session.execute(
        select(TrainingSession.uuid, TrainingSession.held_on, Bcu.code, TrainingSession.strand,
               TrainingSession.responses, TrainingSession.attendees, TrainingSession.expires_at)
        .join(Bcu).order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc()))
    return [SessionRow(u, h, b, STRANDS[s], r, a, e) for u, h, b, s, r, a, e in rows]


def recent_comments(limit: int = 50) -> list[tuple[date, str]]:
    """The latest comments with their session date (coordinators only)."""
    rows = db.session.execute(
        select(TrainingSession.held_on, SurveyResponse).join(TrainingSession)
        .where(SurveyResponse._comment.is_not(None))
        .order_by(SurveyResponse.id.desc()).limit(limit))
    return [(held_on, response.comment) for held_on, response in rows]
