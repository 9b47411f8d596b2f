"""What each destructive or irreversible case action will do, said on its own page first.

A form on the case page posts to its action; the action shows this page instead of acting
until the person presses the warning button, which posts the same answers with confirmed=yes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request

from shared.cases import choices
from shared.cases.models import Case
from shared.cases.services import CaseError, ensure_not_erased
from shared.cases.states import target_status

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    """The page asking to confirm: its heading, what will happen, and the button."""

    heading: str
    consequences: list[str]
    button: str
    undo: str = "This cannot be undone."
    extra: dict = field(default_factory=dict)


def is_confirmed() -> bool:
    """True once the person pressed the confirmation page's button."""
    return request.form.get(CONFIRMED) == "yes"


def ask(case: Case, action_url: str, confirmation: Confirmation):
    """The confirmation page, reposting every answer the person gave (200: nothing changed)."""
    answers = [(name, value) for name, values in request.form.lists()
               if name not in ("csrf_token", CONFIRMED) for value in values]
    return render_template("cases/confirm.html", case=case, action_url=action_url,
                           confirmation=confirmation, answers=answers, **confirmation.extra)


def for_close(case: Case, form) -> Confirmation:
    """Closing a case."""
    _possible(case, "close")
    reason = choices.CLOSURE_REASONS[form.reason.data].lower()
    return Confirmation(f"Close case {case.reference}?", [
        f"The case is closed with the reason: {reason}.",
        "Nobody can change its plan, contacts or outcome after that, and it leaves every "
        "open-case list.",
        "If the young person is referred again, that starts a new case linked to this one.",
    ], "Close the case", "Only a programme coordinator can reopen a closed case, giving a "
        "reason; the closing stays on the case's timeline.")


def for_refer_back(case: Case, form) -> Confirmation:
    """A partner referring the young person back into triage."""
    _possible(case, "refer_back")
    return Confirmation(f"Refer {case.reference} back to the coordinator?", [
        "The case goes back into the coordinator's triage queue, marked as referred back by "
        "your organisation, with your note.",
        "Your organisation stops holding the case and can no longer see it, unless the "
        "coordinator hands it to you again.",
    ], "Refer back to the coordinator", "You cannot take this back yourself.")


def for_withdraw(case: Case, form) -> Confirmation:
    """The coordinator withdrawing a pending hand-off."""
    _possible(case, "withdraw_hand_off")
    handoff = case.pending_handoff
    name = handoff.organisation.name if handoff else "the partner"
    return Confirmation(f"Withdraw the hand-off of {case.reference}?", [
        f"{name} can no longer accept the case, and it leaves their list.",
        "The case goes back to 'plan agreed': you can hand it to a partner again.",
    ], "Withdraw the hand-off", "The withdrawal stays on the case's timeline.")


def for_triage(case: Case, form) -> Confirmation | None:
    """Declining a referral or recording no further action (accepting needs no confirmation)."""
    decision = form.decision.data
    if decision == "accept":
        return None
    _possible(case, decision)
    reasons = {**choices.DECLINE_REASONS, **choices.NFA_REASONS}
    reason = reasons.get(form.reason.data, "no reason given").lower()
    what = "declined" if decision == "decline" else "closed with no further action"
    return Confirmation(f"{'Decline' if decision == 'decline' else 'No further action on'} "
                        f"{case.reference}?", [
        f"The referral is {what}, with the reason: {reason}.",
        "It leaves the triage queue and no partner is offered the case.",
        "Its details are kept for the retention period, then erased.",
    ], "Decline the referral" if decision == "decline" else "Record no further action",
        "This decision cannot be changed afterwards: a new referral starts a new case.")


def for_partner_decision(case: Case, form) -> Confirmation | None:
    """A partner declining a hand-off (accepting needs no confirmation)."""
    if form.decision.data != "decline":
        return None
    _possible(case, "partner_decline")
    reason = choices.HANDOFF_DECLINE_REASONS.get(form.decline_reason.data, "no reason given")
    return Confirmation(f"Decline the hand-off of {case.reference}?", [
        f"Your organisation declines the case, with the reason: {reason.lower()}.",
        "The case goes back to the coordinator and leaves your list: you will no longer see it.",
    ], "Decline the hand-off", "You cannot take this back yourself.")


def for_close_erased(case: Case, form) -> Confirmation:
    """Closing an erased young person's case."""
    if not case.person.is_erased:
        raise CaseError("Only the case of a young person whose details were erased closes so")
    target_status("close_erased", case.status)
    return Confirmation(f"Close case {case.reference} as erased?", [
        "The case is closed with the reason: young person's details erased.",
        "It leaves the triage queue, every open-case list and any partner's caseload; "
        "a hand-off waiting for an answer is withdrawn.",
        "Its programme, status, area and age band stay in the statistics.",
    ], "Close the case as erased", "This cannot be undone: an erased young person's case "
        "cannot be reopened.")


def _possible(case: Case, transition: str) -> None:
    """Refuse before asking when the action could not happen anyway."""
    ensure_not_erased(case)
    target_status(transition, case.status)
