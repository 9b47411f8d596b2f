"""The case state machine from domain.md: every allowed transition, in one table."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a case is in the workflow."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NO_FURTHER_ACTION = "no_further_action"
    PLAN_AGREED = "plan_agreed"
    HANDED_OFF = "handed_off"
    ENGAGED = "engaged"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.SUBMITTED: "Awaiting triage",
    Status.ACCEPTED: "Accepted",
    Status.DECLINED: "Declined",
    Status.NO_FURTHER_ACTION: "No further action",
    Status.PLAN_AGREED: "Plan agreed",
    Status.HANDED_OFF: "Handed off (partner to decide)",
    Status.ENGAGED: "Engaged with partner",
    Status.CLOSED: "Closed",
}

# transition name -> (statuses it may start from, status it ends in)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "accept": (frozenset({Status.SUBMITTED}), Status.ACCEPTED),
    "decline": (frozenset({Status.SUBMITTED}), Status.DECLINED),
    "no_further_action": (frozenset({Status.SUBMITTED}), Status.NO_FURTHER_ACTION),
    "agree_plan": (frozenset({Status.ACCEPTED}), Status.PLAN_AGREED),
    "hand_off": (frozenset({Status.PLAN_AGREED}), Status.HANDED_OFF),
    "withdraw_hand_off": (frozenset({Status.HANDED_OFF}), Status.PLAN_AGREED),
    "partner_decline": (frozenset({Status.HANDED_OFF}), Status.PLAN_AGREED),
    "partner_accept": (frozenset({Status.HANDED_OFF}), Status.ENGAGED),
    "close": (frozenset({Status.ACCEPTED, Status.PLAN_AGREED, Status.ENGAGED}), Status.CLOSED),
    "refer_back": (frozenset({Status.ENGAGED, Status.PLAN_AGREED}), Status.SUBMITTED),
    # Only for a case whose young person was erased: it must leave every queue.
    "close_erased": (frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.PLAN_AGREED,
                                Status.HANDED_OFF, Status.ENGAGED}), Status.CLOSED),
}
ERASED_ONLY = frozenset({"close_erased"})

TRANSITION_LABELS = {
    "accept": "accept the referral",
    "decline": "decline the referral",
    "no_further_action": "record no further action",
    "agree_plan": "agree the action plan",
    "hand_off": "hand the case to a partner",
    "withdraw_hand_off": "withdraw the hand-off",
    "partner_decline": "decline the hand-off",
    "partner_accept": "accept the hand-off",
    "close": "close the case",
    "refer_back": "refer the young person back into triage",
    "close_erased": "close the case as erased",
}


class TransitionRefused(Exception):
    """A transition not allowed from the case's current status (409 on the API)."""

    def __init__(self, transition: str, status: Status):
        self.transition = transition
        self.status = status
        super().__init__(
            f"You cannot {TRANSITION_LABELS[transition]} now: the case is "
            f"'{STATUS_LABELS[status].lower()}'. Reload the case to see its latest state."
        )


def target_status(transition: str, current: Status | str) -> Status:
    """The status TRANSITION leads to from CURRENT, or TransitionRefused."""
    sources, target = TRANSITIONS[transition]
    current = Status(current)
    if current not in sources:
        raise TransitionRefused(transition, current)
    return target


def allowed_transitions(current: Status | str, erased: bool = False) -> list[str]:
    """Every transition possible from CURRENT (the case page offers only these).

    An erased young person's case allows only closing it as erased; no other case allows that.
    """
    return [name for name, (sources, _) in TRANSITIONS.items()
            if Status(current) in sources and (name in ERASED_ONLY) == erased]
