"""The choices a list's filters offer, within what the user may see."""

from __future__ import annotations

from sqlalchemy import select

from shared.auth.models import User
from shared.cases import choices
from shared.cases.queries import partner_organisations
from shared.cases.states import STATUS_LABELS
from shared.extensions import db
from shared.reference.models import Bcu, Borough
from shared.seams import labels
from shared.worklists.assignment import colleagues
from shared.worklists.filters import CLOSED_STATUSES, OPEN_STATUSES


def filter_options(user: User) -> dict:
    """{filter name: [(value, label)]} for the list's filter form."""
    return {
        "status_open": [(s.value, STATUS_LABELS[s]) for s in OPEN_STATUSES],
        "status_closed": [(s.value, STATUS_LABELS[s]) for s in CLOSED_STATUSES],
        "programme": list(labels().items()),
        "borough": [(str(b.uuid), b.name) for b in db.session.scalars(
            select(Borough).order_by(Borough.name))],
        "bcu": [(str(b.uuid), b.name) for b in db.session.scalars(select(Bcu).order_by(Bcu.name))],
        "partner": [(str(o.uuid), o.name) for o in partner_organisations()],
        "risk": list(choices.RISK_LEVELS.items()),
        "worker": [(str(u.uuid), u.full_name) for u in colleagues(user)],
    }
