"""The organisation every user belongs to."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import PublicIdMixin
from shared.extensions import db

ORGANISATION_KINDS = {
    "operator": "Programme operator",
    "partner": "Partner organisation",
    "police": "Police",
    "local_authority": "Local authority",
    "vru": "Violence Reduction Unit",
    "other": "Other",
}


class Organisation(PublicIdMixin, db.Model):
    """An organisation, e.g. Arsenal in the Community (AITC)."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
