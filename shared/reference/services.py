"""Loading the reference data: idempotent, so it can run on every start."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.audit import services as audit
from shared.extensions import db
from shared.reference.data import BCUS, CUSTODY_SUITES, ORGANISATIONS
from shared.reference.models import Bcu, Borough, CustodySuite, Organisation
from shared.refusals import ServiceError
from shared.seams import seams


def load_reference_data() -> dict[str, int]:
    """Insert any missing BCU, borough, custody suite or organisation, then each programme's
    reference seeds; return counts added."""
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
    for seed in seams().reference_seeds:  # each programme's own, after the boroughs above
        added.update(seed())
    return added


def _add_missing(model, names: list[str], bcu: Bcu) -> int:
    existing = set(db.session.scalars(select(model.name)))
    missing = [name for name in names if name not in existing]
    for name in missing:
        db.session.add(model(name=name, bcu=bcu))
    return len(missing)


# Changing reference data from the admin pages. Every change is audited; nothing commits here.


class ReferenceDataError(ServiceError):
    """A refused reference-data change, with a message fit to show and the field it concerns."""


def all_bcus() -> list[Bcu]:
    """Every BCU, by code."""
    return list(db.session.scalars(select(Bcu).order_by(Bcu.code)))


def all_boroughs() -> list[Borough]:
    """Every borough, by name."""
    return list(db.session.scalars(select(Borough).order_by(Borough.name)))


def all_custody_suites() -> list[CustodySuite]:
    """Every custody suite, active or not, by name."""
    return list(db.session.scalars(select(CustodySuite).order_by(CustodySuite.name)))


def bcu_choices() -> list[tuple[str, str]]:
    """(code, "code name") pairs for a select."""
    return [(b.code, f"{b.code} {b.name}") for b in all_bcus()]


def rename_bcu(bcu: Bcu, name: str) -> list[str]:
    """Rename a BCU; return what changed."""
    _check_unique(Bcu, name, bcu)
    if name == bcu.name:
        return []
    bcu.name = name
    audit.record("reference_changed", "bcu", bcu.uuid, detail="renamed")
    return ["renamed"]


def change_borough(borough: Borough, name: str, bcu_code: str) -> list[str]:
    """Rename a borough and/or move it to another BCU; return what changed."""
    _check_unique(Borough, name, borough)
    bcu = _bcu(bcu_code)
    changes = _apply(borough, name, bcu)
    if changes:
        audit.record("reference_changed", "borough", borough.uuid, detail="; ".join(changes))
    return changes


def add_custody_suite(name: str, bcu_code: str, active: bool = True) -> CustodySuite:
    """Add a custody suite to a BCU."""
    _check_unique(CustodySuite, name, None)
    suite = CustodySuite(name=name, bcu=_bcu(bcu_code), active=active)
    db.session.add(suite)
    db.session.flush()
    audit.record("reference_changed", "custody_suite", suite.uuid, detail="added")
    return suite


def change_custody_suite(suite: CustodySuite, name: str, bcu_code: str,
                         active: bool) -> list[str]:
    """Rename, move, activate or deactivate a custody suite; return what changed."""
    _check_unique(CustodySuite, name, suite)
    changes = _apply(suite, name, _bcu(bcu_code))
    if active != suite.active:
        suite.active = active
        changes.append("activated" if active else "deactivated")
    if changes:
        audit.record("reference_changed", "custody_suite", suite.uuid, detail="; ".join(changes))
    return changes


def _bcu(code: str) -> Bcu:
    bcu = db.session.scalar(select(Bcu).where(Bcu.code == code))
    if bcu is None:
        raise ReferenceDataError("Choose a BCU from the list", "bcu")
    return bcu


def _check_unique(model, name: str, current) -> None:
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if current is not None:
        query = query.where(model.id != current.id)
    if db.session.scalar(query):
        raise ReferenceDataError("That name is already used", "name")


def _apply(row, name: str, bcu: Bcu) -> list[str]:
    changes = [note for note, differs in (("renamed", name != row.name),
                                          ("moved to another BCU", bcu.id != row.bcu_id))
               if differs]
    row.name, row.bcu = name, bcu
    return changes
