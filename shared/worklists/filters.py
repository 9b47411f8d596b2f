"""What a case list asks for: its view, filters and sort, read from a query string."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.cases import choices
from shared.cases.states import Status
from shared.refusals import ServiceError
from shared.seams import programmes

OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.PLAN_AGREED, Status.HANDED_OFF,
                 Status.ENGAGED)
CLOSED_STATUSES = (Status.CLOSED, Status.DECLINED, Status.NO_FURTHER_ACTION)
VIEWS = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}
SORTS = {"oldest": "Received, oldest first", "newest": "Received, newest first",
         "priority": "Priority, most urgent first", "risk": "Risk, highest first"}
ASSIGNED = {"anyone": "Anyone", "me": "Me", "unassigned": "Nobody (unassigned)"}


class FilterRefused(ServiceError):
    """A filter value that is not one of the choices offered."""


@dataclass
class ListFilters:
    """One list's view, filters and sort; ids are public ids (UUIDs), never row ids."""

    view: str = "open"
    status: str | None = None
    programme: str | None = None
    borough: uuid.UUID | None = None
    bcu: uuid.UUID | None = None
    partner: uuid.UUID | None = None
    risk: str | None = None
    assigned: str = "anyone"
    worker: uuid.UUID | None = None
    overdue: bool = False
    sort: str = "oldest"
    # What the person asked for (the page opens its filter form when there is any).
    query: dict = field(default_factory=dict)

    def statuses(self) -> tuple[str, ...]:
        """The statuses this list shows."""
        if self.status:
            return (self.status,)
        return tuple(s.value for s in VIEWS[self.view])


def parse(args: Mapping[str, str], view: str = "open") -> ListFilters:
    """ListFilters from a query string; a value outside the choices is refused (400)."""
    found = ListFilters(view=view)
    found.status = _choice(args, "status", {s.value for s in VIEWS[view]})
    found.programme = _choice(args, "programme", set(programmes()))
    found.risk = _choice(args, "risk", set(choices.RISK_LEVELS))
    found.sort = _choice(args, "sort", set(SORTS)) or "oldest"
    found.assigned = _choice(args, "assigned", set(ASSIGNED)) or "anyone"
    for name in ("borough", "bcu", "partner", "worker"):
        setattr(found, name, _uuid(args, name))
    found.overdue = _choice(args, "overdue", {"yes"}) == "yes"
    return found


def _choice(args: Mapping[str, str], name: str, allowed: set[str]) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if value not in allowed:
        raise FilterRefused(f"Choose a {name} from the list", name)
    return value


def _uuid(args: Mapping[str, str], name: str) -> uuid.UUID | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise FilterRefused(f"Choose a {name} from the list", name) from None
