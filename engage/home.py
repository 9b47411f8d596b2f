"""ENGAGE's counts on the custody worker's home page: follow-ups due soon and overdue."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select

from engage.follow_up import WINDOW_CLOSES, WINDOW_OPENS
from engage.models import CustodyEncounter
from engage.services import scoped_encounters
from shared.auth.models import User
from shared.db import utcnow
from shared.home.counts import count
from shared.seams import HomeCount


def _to_do(user: User) -> Select:
    # Accepted, released and not yet met (a meeting that did not happen is still to do).
    return scoped_encounters(user).with_only_columns(CustodyEncounter.id).where(
        CustodyEncounter.accepted.is_(True), CustodyEncounter.released_at.is_not(None),
        CustodyEncounter.follow_up_held.is_not(True))


def due_within_a_day(user: User) -> HomeCount:
    """Follow-ups whose 48-hour deadline falls in the next 24 hours (the window is open)."""
    now = utcnow()
    query = _to_do(user).where(CustodyEncounter.released_at >= now - WINDOW_CLOSES,
                               CustodyEncounter.released_at <= now - WINDOW_OPENS)
    return count("Follow-ups due in the next 24 hours", query, url_for("engage.follow_ups"))


def overdue(user: User) -> HomeCount:
    """Follow-ups not held within 48 hours of release."""
    query = _to_do(user).where(CustodyEncounter.released_at < utcnow() - WINDOW_CLOSES)
    return count("Overdue follow-ups", query, url_for("engage.follow_ups"))
