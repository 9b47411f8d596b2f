"""Data minimisation at hand-off: what a partner sees while deciding (docs/privacy.md).

While a case is offered to their organisation, a partner sees what they need to decide: the
age band, borough, the concern and the needs. The young person's identity (name, date of birth,
address, contact details, the parent or carer) appears once their organisation accepts.
"""

from __future__ import annotations

from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import Case
from shared.cases.states import Status


def identity_withheld(user: User, case: Case) -> bool:
    """Whether USER must not yet see who CASE is about (a partner still deciding)."""
    return Role(user.role) is Role.PARTNER and case.status == Status.HANDED_OFF.value
