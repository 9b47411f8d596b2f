"""Loading the reference data: idempotent, so it can run on every start."""

from __future__ import annotations

from sqlalchemy import select

from shared.extensions import db
from shared.partners.models import Organisation
from shared.reference.data import BCUS, CUSTODY_SUITES, ORGANISATIONS
from shared.reference.models import Bcu, Borough, CustodySuite


def load_reference_data() -> dict[str, int]:
    """Insert any missing BCU, borough, custody suite or organisation; return counts added."""
    added = {"bcus": 0, "boroughs": 0, "custody_suites": 0, "organisations": 0}
    bcus = {b.code: b for b in db.session.scalars(select(Bcu))}
    for code, name, boroughs in BCUS:
        if code not in bcus:
            bcus[code] = Bcu(code=code, name=name)
            db.session.add(bcus[code])
            added["bcus"] += 1
        added["boroughs"] += _add_missing(Borough, boroughs, bcus[code])
    for code, suites in CUSTODY_SUITES.items():
        added["custody_suites"] += _add_missing(CustodySuite, suites, bcus[code])
    known = set(db.session.scalars(select(Organisation.code)))
    for code, name, kind in ORGANISATIONS:
        if code not in known:
            db.session.add(Organisation(code=code, name=name, kind=kind))
            added["organisations"] += 1
    db.session.flush()
    return added


def _add_missing(model, names: list[str], bcu: Bcu) -> int:
    existing = set(db.session.scalars(select(model.name)))
    missing = [name for name in names if name not in existing]
    for name in missing:
        db.session.add(model(name=name, bcu=bcu))
    return len(missing)
