"""The platform's own kinds of notification; programmes add theirs through the seams."""

from __future__ import annotations

from flask import Flask

from shared.seams import NotificationKind, seams

_SEE = "\n\n{link}"

PLATFORM_KINDS = (
    NotificationKind(
        "assigned", "A case is assigned to you", "Case {reference} is assigned to you",
        "Case {reference} is assigned to you", "Case {reference} is assigned to you." + _SEE),
    # "handoff" keeps the outbox kind the hand-off email always had.
    NotificationKind(
        "handoff", "A case is handed to your organisation",
        "Case {reference} has been handed to your organisation: accept or decline it",
        "Case {reference} has been handed to your organisation",
        "Case {reference} has been handed to your organisation." + _SEE),
    NotificationKind(
        "handoff_accepted", "A partner accepts a hand-off",
        "The partner accepted the hand-off of case {reference}",
        "A decision has been recorded on case {reference}",
        "The partner accepted the hand-off of case {reference}." + _SEE),
    NotificationKind(
        "handoff_declined", "A partner declines a hand-off",
        "The partner declined the hand-off of case {reference}",
        "A decision has been recorded on case {reference}",
        "The partner declined the hand-off of case {reference}." + _SEE),
    NotificationKind(
        "referred_back", "A case is referred back for triage",
        "Case {reference} was referred back for triage",
        "Case {reference} was referred back for triage",
        "Case {reference} was referred back for triage." + _SEE),
    NotificationKind(
        "overdue_action", "An action is overdue", "An action on case {reference} is overdue",
        "An action on case {reference} is overdue",
        "An action on case {reference} is past its due date." + _SEE),
    NotificationKind(
        "safeguarding", "A safeguarding concern is raised",
        "A safeguarding concern has been raised on case {reference}",
        "A safeguarding concern has been raised on case {reference}",
        "A safeguarding concern has been raised on case {reference}. Please look at it now."
        + _SEE),
)


def init_app(app: Flask) -> None:
    """Register the platform's kinds on APP's seams."""
    for kind in PLATFORM_KINDS:
        seams(app).add_notification_kind(kind)
