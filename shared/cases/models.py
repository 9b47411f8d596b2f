"""A case (one referral of one young person), its timeline, hand-offs and contacts."""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid, case, func
from sqlalchemy import literal_column as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.auth.models import User
from shared.cases.keys import JSON, UsesPersonKey
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.people.models import Person
from shared.reference.models import Bcu, Borough, CustodySuite, Organisation

# A case's programme is a code from the table of programmes (shared.seams).
ROUTES = {"officer_app": "Officer app", "custody": "Custody", "police_staff": "Police staff",
          "self": "Self-referral"}


class Case(UsesPersonKey, PublicIdMixin, db.Model):
    """One referral of one young person, from submission to closure."""

    __tablename__ = "cases"
    # The queues and the caseload each read one page straight off an index in their own order,
    # however many cases wait (shared/cases/queries.py; migration 0011).
    __table_args__ = (
        Index("ix_cases_status_submitted", "status", "submitted_at", "id"),
        Index("ix_cases_priority_submitted", "priority", "submitted_at", "id"),
        Index("ix_cases_partner_status_submitted", "partner_organisation_id", "status",
              "submitted_at", "id"),
        # "My cases" for a coordinator and for a partner's youth worker (migration 0016).
        Index("ix_cases_coordinator_status_submitted", "coordinator_id", "status",
              "submitted_at", "id"),
        Index("ix_cases_worker_status_submitted", "worker_id", "status", "submitted_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Set by the form when first shown: a double tap or a retry finds the same case.
    submission_id: Mapped[uuid_module.UUID | None] = mapped_column(Uuid, unique=True)
    programme: Mapped[str] = mapped_column(String(20), index=True)
    route: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    previous_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    referrer_strand: Mapped[str | None] = mapped_column(String(30))
    bcu_id: Mapped[int | None] = mapped_column(ForeignKey("bcus.id"), index=True)
    borough_id: Mapped[int | None] = mapped_column(ForeignKey("boroughs.id"), index=True)
    custody_suite_id: Mapped[int | None] = mapped_column(ForeignKey("custody_suites.id"),
                                                         index=True)
    age_band: Mapped[str | None] = mapped_column(String(5))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_wording_version: Mapped[str | None] = mapped_column(String(20))
    lawful_basis: Mapped[str] = mapped_column(String(40), default="art6_1e_sch1_para18")

    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(String(30))
    risk_level: Mapped[str | None] = mapped_column(String(10))
    priority: Mapped[int | None] = mapped_column(Integer)
    partner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True)
    first_contact_at: Mapped[date | None] = mapped_column(Date)
    engaged: Mapped[bool | None] = mapped_column(Boolean)
    needs_addressed: Mapped[str | None] = mapped_column(String(120))
    ete_outcome: Mapped[str | None] = mapped_column(String(20))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    # Named workers (shared/worklists/assignment.py): who in the scoped organisation holds it.
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    _at_risk_as: Mapped[bytes | None] = mapped_column("at_risk_as", Ciphertext)
    _exploitation_concern: Mapped[bytes | None] = mapped_column("exploitation_concern",
                                                                Ciphertext)
    _concern: Mapped[bytes | None] = mapped_column("concern", Ciphertext)
    _vulnerabilities: Mapped[bytes | None] = mapped_column("vulnerabilities", Ciphertext)
    _exploitation_indicators: Mapped[bytes | None] = mapped_column("exploitation_indicators",
                                                                   Ciphertext)
    _interests: Mapped[bytes | None] = mapped_column("interests", Ciphertext)
    _parent_carer: Mapped[bytes | None] = mapped_column("parent_carer", Ciphertext)
    _referrer_phone: Mapped[bytes | None] = mapped_column("referrer_phone", Ciphertext)
    _decision_note: Mapped[bytes | None] = mapped_column("decision_note", Ciphertext)
    _closure_note: Mapped[bytes | None] = mapped_column("closure_note", Ciphertext)
    at_risk_as = Encrypted()
    exploitation_concern = Encrypted()
    concern = Encrypted()
    vulnerabilities = Encrypted(JSON)
    exploitation_indicators = Encrypted(JSON)
    interests = Encrypted()
    parent_carer = Encrypted(JSON)
    referrer_phone = Encrypted()
    decision_note = Encrypted()
    closure_note = Encrypted()

    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)
    previous_case: Mapped[Case | None] = relationship(remote_side=[id])
    referrer: Mapped[User | None] = relationship(foreign_keys=[referrer_id])
    bcu: Mapped[Bcu | None] = relationship()
    borough: Mapped[Borough | None] = relationship()
    custody_suite: Mapped[CustodySuite | None] = relationship()
    partner_organisation: Mapped[Organisation | None] = relationship()
    coordinator: Mapped[User | None] = relationship(foreign_keys=[coordinator_id])
    worker: Mapped[User | None] = relationship(foreign_keys=[worker_id])
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan")
    handoffs: Mapped[list[Handoff]] = relationship(
        back_populates="case", order_by="Handoff.id", cascade="all, delete-orphan")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="case", order_by="Contact.contact_date", cascade="all, delete-orphan")

    def __init__(self, **kwargs) -> None:
        # Person first, then UUID: both are needed before any field can be sealed.
        self.person = kwargs.pop("person")
        self.uuid = kwargs.pop("uuid", None) or uuid_module.uuid4()
        super().__init__(**kwargs)

    def key_owner(self) -> Person:
        """The young person whose data key seals this case."""
        return self.person

    @property
    def referred_back(self) -> CaseEvent | None:
        """The refer-back that put the case back in triage, while it waits there."""
        if self.status != "submitted":
            return None
        moves = [e for e in self.events if e.to_status is not None]
        return moves[-1] if moves and moves[-1].kind == "refer_back" else None

    def referred_back_after(self, handoff: Handoff) -> CaseEvent | None:
        """The partner's refer-back that ended HANDOFF, once accepted, if there was one."""
        if handoff.status != "accepted" or handoff.decided_at is None:
            return None
        return next((e for e in self.events if e.kind == "refer_back"
                     and e.at >= handoff.decided_at and e.actor is not None
                     and e.actor.organisation_id == handoff.organisation_id), None)

    @property
    def pending_handoff(self) -> Handoff | None:
        """The hand-off awaiting a partner's decision, if any."""
        return next((h for h in self.handoffs if h.status == "pending"), None)


# The lists' sort keys that are not plain columns (shared/worklists/lists.py). Priority has its
# own index (migration 0016) so a page reads straight off it; literals, not bound parameters,
# because a database uses an index on an expression only for that very expression. Risk has
# none: PostgreSQL rewrites a CASE index so autogenerate always sees drift (docs/performance.md).
PRIORITY_RANK = func.coalesce(Case.priority, sql("9"))
RISK_RANK = case((Case.risk_level == sql("'high'"), sql("1")),
                 (Case.risk_level == sql("'medium'"), sql("2")),
                 (Case.risk_level == sql("'low'"), sql("3")), else_=sql("4"))
Index("ix_cases_priority_rank_submitted", PRIORITY_RANK, Case.submitted_at, Case.id)


class CaseEvent(UsesPersonKey, PublicIdMixin, db.Model):
    """A timeline entry: what happened, who did it, never personal values in the clear."""

    __tablename__ = "case_events"
    # The home page counts cases referred back: found by kind, not by scanning every case.
    __table_args__ = (Index("ix_case_events_kind_case", "kind", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when it was recorded
    # When the thing itself happened (a release, a meeting), if not when it was recorded.
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(200))
    _note: Mapped[bytes | None] = mapped_column("note", Ciphertext)
    note = Encrypted()
    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def happened_at(self) -> datetime:
        """When the thing happened: its own time if given, else when it was recorded."""
        return self.occurred_at or self.at

    @property
    def recorded_later(self) -> bool:
        """True when the entry was recorded at another minute than the thing happened."""
        return self.occurred_at is not None and \
            abs((self.at - self.occurred_at).total_seconds()) >= 60

    def key_owner(self) -> Person:
        """The person of the case."""
        return self.case.person


class Handoff(UsesPersonKey, PublicIdMixin, db.Model):
    """An offer of the case to a partner organisation, which accepts or declines once."""

    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    _reason: Mapped[bytes | None] = mapped_column("reason", Ciphertext)
    _decline_note: Mapped[bytes | None] = mapped_column("decline_note", Ciphertext)
    reason = Encrypted()
    decline_note = Encrypted()
    case: Mapped[Case] = relationship(back_populates="handoffs")
    organisation: Mapped[Organisation] = relationship()

    def key_owner(self) -> Person:
        """The person of the case."""
        return self.case.person


class Contact(UsesPersonKey, PublicIdMixin, db.Model):
    """A worker's contact with the young person (DIVERT team, custody worker or partner).

    The place and the notes are sealed; `kind` is kept for the API and older rows, and is
    derived from the method and attendance on new ones (shared/cases/contacts.py).
    """

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    contact_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it happened (UTC); older rows have only the date.
    contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(12))
    attendance: Mapped[str | None] = mapped_column(String(16))
    # Which kind of worker: coordinator (the DIVERT team), custody_worker or partner.
    worker_role: Mapped[str | None] = mapped_column(String(20))
    # "custody_follow_up" for the meeting recorded on the custody encounter.
    source: Mapped[str | None] = mapped_column(String(20))
    _place: Mapped[bytes | None] = mapped_column("place", Ciphertext)
    _notes: Mapped[bytes | None] = mapped_column("notes", Ciphertext)
    place = Encrypted()
    notes = Encrypted()
    case: Mapped[Case] = relationship(back_populates="contacts")
    recorded_by: Mapped[User | None] = relationship()

    def key_owner(self) -> Person:
        """The person of the case."""
        return self.case.person
