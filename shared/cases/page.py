"""Everything the case page shows: the case, its forms for this user, and its history."""

from __future__ import annotations

import uuid as uuid_module

from flask import abort
from flask_login import current_user

from shared.auth.roles import Role
from shared.cases import choices, contacts, corrections, forms, plans, queries
from shared.cases.contact_forms import ContactForm
from shared.cases.disclosure import identity_withheld
from shared.cases.models import Case
from shared.cases.plan_models import ACTION_OWNERS, ACTION_STATUSES, Action, Goal
from shared.cases.states import STATUS_LABELS, Status, allowed_transitions
from shared.clock import today
from shared.forms import as_choices
from shared.seams import seams

# Which role may use each transition from the page.
TRANSITION_ROLES = {
    "accept": Role.COORDINATOR, "decline": Role.COORDINATOR,
    "no_further_action": Role.COORDINATOR, "agree_plan": Role.COORDINATOR,
    "hand_off": Role.COORDINATOR, "withdraw_hand_off": Role.COORDINATOR,
    "partner_accept": Role.PARTNER, "partner_decline": Role.PARTNER,
    "refer_back": Role.PARTNER, "close_erased": Role.COORDINATOR,
}


def action_prefix(goal: Goal) -> str:
    """The form prefix of the new-action form under GOAL."""
    return f"action-{goal.uuid.hex}"


def status_prefix(action: Action) -> str:
    """The form prefix of ACTION's status form."""
    return f"status-{action.uuid.hex}"


def find_child(case: Case, model, child_uuid: str):
    """A goal or action of CASE by UUID; 404 for anything else."""
    try:
        wanted = uuid_module.UUID(str(child_uuid))
    except ValueError:
        abort(404)
    goals = list(case.goals)
    candidates = goals if model is Goal else [a for g in goals for a in g.actions]
    found = next((c for c in candidates if c.uuid == wanted), None)
    if found is None:
        abort(404)
    return found


def case_page_context(case: Case, **overrides) -> dict:
    """Template context for CASE as the current user sees it; OVERRIDES replace forms."""
    role = Role(current_user.role)
    erased = case.person.is_erased
    possible = {t for t in allowed_transitions(case.status, erased)
                if TRANSITION_ROLES.get(t, role) is role}
    # An erased person's case is kept for statistics only: the coordinator can only close it.
    page_forms = _erased_forms(possible) if erased else _forms(case, role, possible)
    page_forms.update({k: v for k, v in overrides.items()})
    withheld = identity_withheld(current_user, case)
    return {
        "case": case, "person": case.person, "role": role.value, "forms": page_forms,
        "identity_withheld": withheld,
        "status_label": STATUS_LABELS[Status(case.status)], "choices": choices,
        "owners": ACTION_OWNERS, "action_statuses": ACTION_STATUSES, "today": today(),
        "overdue": plans.overdue_actions(case), "can_close": "close" in possible,
        # Matching earlier referrals would tell a deciding partner who this is.
        "earlier": [] if withheld else queries.earlier_referrals(current_user, case),
        "action_prefix": action_prefix, "status_prefix": status_prefix,
        "parent_aware": parent_aware,
        "programme_facts": _programme_facts(case),
        "corrected": corrections.corrected(case),
        "can_correct": _can_correct(case, role), "can_reopen": _can_reopen(case, role),
    }


def _programme_facts(case: Case) -> dict | None:
    """The programme's own section of the page (shared.seams.CaseFacts), if it has one."""
    facts = seams().case_facts.get(case.programme)
    return None if facts is None else {"title": facts.title, "rows": facts.rows(case)}


def parent_aware(parent_carer: dict | None) -> str | None:
    """Yes/No for whether the parent or carer knows: DIVERT keeps a bool, ENGAGE a label."""
    value = (parent_carer or {}).get("aware_of_referral", (parent_carer or {}).get("aware"))
    return {True: "Yes", False: "No"}.get(value, value) if value is not None else None


def _erased_forms(possible: set[str]) -> dict:
    if "close_erased" in possible:
        return {"close_erased": forms.ButtonForm(prefix="close_erased", formdata=None)}
    return {}


def _can_correct(case: Case, role: Role) -> dict:
    """Which kinds of record the user may correct on this case."""
    if case.person.is_erased:
        return {}
    partner_holds = role is Role.PARTNER and case.status == Status.ENGAGED.value
    return {"contact": contacts.may_record(case, current_user), "plan": plans.is_editable(case),
            "outcome": partner_holds and case.engaged is not None}


def _can_reopen(case: Case, role: Role) -> bool:
    return role is Role.COORDINATOR and case.status == Status.CLOSED.value \
        and not case.person.is_erased


def _forms(case: Case, role: Role, possible: set[str]) -> dict:
    found = {}
    if {"accept", "decline"} & possible:
        found["triage"] = forms.TriageForm(prefix="triage", formdata=None)
    if plans.is_editable(case):
        found["goal"] = forms.GoalForm(prefix="goal", formdata=None)
        for goal in case.goals:
            found[action_prefix(goal)] = forms.ActionForm(prefix=action_prefix(goal),
                                                          formdata=None)
            for action in goal.actions:
                found[status_prefix(action)] = forms.ActionStatusForm(
                    prefix=status_prefix(action), formdata=None, status=action.status)
    if "agree_plan" in possible:
        found["agree"] = forms.ButtonForm(prefix="agree", formdata=None)
    if "hand_off" in possible:
        handoff = forms.HandoffForm(prefix="handoff", formdata=None)
        handoff.organisation.choices = as_choices([("", "Choose a partner")] + [
            (str(o.uuid), o.name) for o in queries.partner_organisations()])
        found["handoff"] = handoff
    if "withdraw_hand_off" in possible:
        found["withdraw"] = forms.ButtonForm(prefix="withdraw", formdata=None)
    if "partner_accept" in possible:
        found["decision"] = forms.DecisionForm(prefix="decision", formdata=None)
    if contacts.may_record(case, current_user):
        found["contact"] = ContactForm(prefix="contact", formdata=None)
    if role is Role.PARTNER and case.status == Status.ENGAGED.value and case.engaged is None:
        found["outcome"] = forms.OutcomeForm(prefix="outcome", formdata=None)
    if "close" in allowed_transitions(case.status):
        found["close"] = forms.CloseForm(prefix="close", formdata=None)
    if "refer_back" in possible:
        found["referback"] = forms.ReferBackForm(prefix="referback", formdata=None)
    return found
