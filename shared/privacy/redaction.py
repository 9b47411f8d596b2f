"""Withholding third-party data from a subject access copy before it is released.

UK GDPR Article 15(4) and DPA 2018 Schedule 2 paragraph 16: a copy must not adversely affect
others, so the DPO may withhold an item that identifies someone else (a parent's details, a
note about a friend). Each withheld item is recorded with the reason (sealed with the subject's
key) and audited; the copy shows "[withheld]" in its place and lists what was withheld and why.
"""

from __future__ import annotations

from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.models import User
from shared.extensions import db
from shared.privacy.models import SarRedaction, SubjectAccessRequest
from shared.privacy.requests import PrivacyError

WITHHELD = "[withheld]"
# Fields that may hold other people's data: free text and the parent or carer.
THIRD_PARTY_KEYS = frozenset({"parent_carer", "concern", "decision_note", "closure_note",
                              "notes", "note", "reason", "decline_note", "interests"})
SECTIONS = ("referrals",)


def candidates(data: dict) -> list[str]:
    """Items of the export that may be withheld: third-party fields that hold something."""
    found: list[str] = []
    for section in SECTIONS:
        for index, item in enumerate(data.get(section) or []):
            _walk(item, f"{section}.{index}", found)
    return found


def _walk(value, path: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in THIRD_PARTY_KEYS and inner not in (None, "", [], {}):
                found.append(f"{path}.{key}")
            else:
                _walk(inner, f"{path}.{key}", found)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _walk(inner, f"{path}.{index}", found)


def redactions(request: SubjectAccessRequest) -> list[SarRedaction]:
    """What is withheld from REQUEST's copy, in the order it was decided."""
    return list(db.session.scalars(select(SarRedaction).where(
        SarRedaction.request_id == request.id).order_by(SarRedaction.id)))


def withhold(request: SubjectAccessRequest, data: dict, item: str, reason: str,
             actor: User) -> SarRedaction:
    """Withhold ITEM (one of candidates(DATA)) from REQUEST's copy, for REASON; audited."""
    if item not in candidates(data):
        raise PrivacyError("Choose an item of the export that may hold someone else's data")
    if not (reason or "").strip():
        raise PrivacyError("Say why this item is withheld")
    if item in {r.item for r in redactions(request)}:
        raise PrivacyError("This item is already withheld")
    row = SarRedaction(request=request, item=item, reason=reason.strip(),
                       created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record("change", "subject_access_request", request.uuid, detail=f"withheld {item}")
    return row


def apply(data: dict, rows: list[SarRedaction]) -> dict:
    """DATA with every withheld item replaced, and a list of what was withheld and why."""
    for row in rows:
        _replace(data, row.item.split("."))
    data["withheld"] = [{"item": row.item, "reason": row.reason, "decided_at": row.created_at}
                        for row in rows]
    return data


def _replace(data, parts: list[str]) -> None:
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.get(part)
        if node is None:
            return
    last = parts[-1]
    if isinstance(node, dict) and last in node:
        node[last] = WITHHELD
