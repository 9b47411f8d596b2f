"""Officer intake over the API: a referral returns its receipt; receipts are listed."""

from __future__ import annotations

import uuid

from flask_login import current_user
from sqlalchemy import select

from divert import services as divert
from shared.api import pagination
from shared.api.blueprint import bp
from shared.api.problems import ApiProblem
from shared.api.registry import operation
from shared.api.schemas import Receipt, ReferralRequest
from shared.auth.roles import Role
from shared.extensions import db
from shared.reference.models import Bcu, Borough

ReceiptPage = pagination.page_model(Receipt)


@operation(bp, "POST", "/referrals", "Refer a young person (aged 14 to 25, consenting)",
           roles=(Role.OFFICER,), body=ReferralRequest, response=Receipt, status=201,
           tag="referrals")
def create_referral(body: ReferralRequest):
    """Submit a DIVERT referral through the same service as the web form."""
    parent_carer = body.parent_carer.model_dump() if body.parent_carer else None
    data = body.model_dump(mode="python", exclude={"borough", "bcu", "parent_carer"})
    data.update(borough_id=_reference_id(Borough, body.borough, "borough"),
                bcu_id=_reference_id(Bcu, body.bcu, "bcu"),
                parent_carer=parent_carer)
    for name in ("gender", "ethnicity_group", "at_risk_as", "strand"):
        data[name] = data[name].value if data[name] is not None else None
    for name in ("vulnerabilities", "exploitation_indicators"):
        data[name] = [item.value for item in data[name]]
    receipt = divert.submit_referral(current_user, uuid.uuid4(), data)
    return Receipt.model_validate(receipt, from_attributes=True)


@operation(bp, "GET", "/receipts", "Your referral receipts, newest first",
           roles=(Role.OFFICER,), query=pagination.ListQuery, response=ReceiptPage,
           tag="referrals")
def list_receipts(query: pagination.ListQuery):
    """The officer's own receipts: reference and date only."""
    def key(r):
        return r.submitted_at, r.uuid
    rows = pagination.in_memory(divert.receipts(current_user), key,
                                pagination.decode(query.cursor))[:query.limit + 1]
    items, next_link = pagination.page(rows, query.limit, key)
    return ReceiptPage(items=[Receipt.model_validate(r, from_attributes=True) for r in items],
                       next=next_link)


@operation(bp, "GET", "/receipts/{receipt_id}", "One of your receipts", roles=(Role.OFFICER,),
           response=Receipt, tag="referrals")
def show_receipt(receipt_id: uuid.UUID):
    """One receipt; someone else's answers the same as a missing one."""
    receipt = divert.receipt(current_user, receipt_id)
    if receipt is None:
        raise ApiProblem(404)
    return Receipt.model_validate(receipt, from_attributes=True)


def _reference_id(model, value: uuid.UUID, field: str) -> int:
    found = db.session.scalar(select(model.id).where(model.uuid == value))
    if found is None:
        raise ApiProblem(422, errors=[{"field": field, "message": f"Choose a {field} from "
                                       "GET /api/v1/reference"}])
    return found

