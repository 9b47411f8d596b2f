"""The action plan: goals, each with actions that have an owner, a due date and a status."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from shared.cases.keys import UsesPersonKey
from shared.cases.models import Case
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.people.models import Person

ACTION_OWNERS = {"coordinator": "Programme coordinator", "partner": "Partner youth worker",
                 "young_person": "Young person", "family": "Parent or carer",
                 "other_agency": "Another agency"}
ACTION_STATUSES = {"open": "Open", "done": "Done", "dropped": "No longer needed"}


class Goal(UsesPersonKey, PublicIdMixin, db.Model):
    """Something the plan aims for, e.g. back into education."""

    __tablename__ = "plan_goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    _title: Mapped[bytes | None] = mapped_column("title", Ciphertext)
    title = Encrypted()
    case: Mapped[Case] = relationship(
        backref=backref("goals", order_by="Goal.id", cascade="all, delete-orphan"))
    actions: Mapped[list[Action]] = relationship(
        back_populates="goal", order_by="Action.id", cascade="all, delete-orphan")

    def key_owner(self) -> Person:
        """The person of the case."""
        return self.case.person


class Action(UsesPersonKey, PublicIdMixin, db.Model):
    """A step towards a goal."""

    __tablename__ = "plan_actions"
    # The home page's "your overdue actions": open, by owner, past due, off one index.
    __table_args__ = (Index("ix_plan_actions_owner_status_due", "owner", "status", "due_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"),
                                         index=True)
    owner: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the owner's organisation was last told the action is overdue (once per action).
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    _description: Mapped[bytes | None] = mapped_column("description", Ciphertext)
    description = Encrypted()
    goal: Mapped[Goal] = relationship(back_populates="actions")

    def key_owner(self) -> Person:
        """The person of the case."""
        return self.goal.case.person

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status == "open" and self.due_date < today
