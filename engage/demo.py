"""ENGAGE's part of `flask demo load`: the demo custody worker works at three suites."""

from __future__ import annotations

from sqlalchemy import select

from shared.admin.services import set_suites
from shared.auth.models import User
from shared.extensions import db
from shared.reference.models import CustodySuite
from shared.reference.suites import assigned_suite_ids

CUSTODY_ACCOUNT = "custody@demo.test"
DEMO_SUITES = ("Holborn", "Kentish Town", "Islington")


def load() -> list[str]:
    """Give the demo custody worker the Central North suites, once, so the pages have work."""
    worker = db.session.scalar(select(User).where(User.email == CUSTODY_ACCOUNT))
    if worker is None or assigned_suite_ids(worker.id):
        return []
    suites = db.session.scalars(select(CustodySuite).where(
        CustodySuite.name.in_(DEMO_SUITES))).all()
    set_suites(worker, list(suites))
    return []
