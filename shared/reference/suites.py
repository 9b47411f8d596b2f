"""Which custody suites a custody worker works at (the admin changes it: shared.admin.services)."""

from __future__ import annotations

from sqlalchemy import Select, select

from shared.extensions import db
from shared.reference.models import CustodySuite, SuiteAssignment


def suite_ids_of(user_id: int) -> Select:
    """SELECT of the ids of the custody suites the user USER_ID works at."""
    return select(SuiteAssignment.custody_suite_id).where(SuiteAssignment.user_id == user_id)


def assigned_suite_ids(user_id: int) -> set[int]:
    """Ids of the suites the user USER_ID works at."""
    return set(db.session.scalars(suite_ids_of(user_id)))


def suites_of(user_id: int) -> list[CustodySuite]:
    """The custody suites the user USER_ID works at, by name."""
    return list(db.session.scalars(select(CustodySuite).where(
        CustodySuite.id.in_(suite_ids_of(user_id))).order_by(CustodySuite.name)))
