"""DIVERT's API: officer intake (a referral returns its receipt), receipts, and the reference
data a referral needs. Mounted on the platform's /api/v1 by divert.init_app."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import partial
from typing import Literal

from flask_login import current_user
from pydantic import Field
from sqlalchemy import select

from divert import rules
from divert import services as divert
from divert.rules import CONCERN_MAX, INTERESTS_MAX
from divert.rules import MAX_LENGTHS as INTAKE
from divert.services import MAX_AGE, MIN_AGE
from shared.api import pagination
from shared.api.fields import Out, Strict, checked, text
from shared.api.problems import ApiProblem
from shared.api.registry import ApiRoutes
from shared.api.schemas import (
    AtRiskAs,
    EthnicityGroup,
    ExploitationIndicator,
    Gender,
    Named,
    Strand,
    Vulnerability,
)
from shared.auth.roles import Role
from shared.cases.queries import partner_organisations
from shared.extensions import db
from shared.reference.models import Bcu, Borough

routes = ApiRoutes()

# --- schemas ----------------------------------------------------------------------------------

# The intake's lengths and formats come from divert/rules.py, as the officer's form's do.
POSTCODE_HELP = "A UK postcode, like SE1 7PB; kept in capitals with one space"
PHONE_HELP = "A UK phone number, like 07700 900 982 or 020 7946 0000"


def _phone(name: str, what: str):
    return checked(INTAKE[name], partial(rules.phone, name=what), PHONE_HELP)


class ParentCarer(Strict):
    """The parent or carer of a young person under 18."""

    name: text(INTAKE["parent_name"])
    relationship: text(INTAKE["parent_relationship"])
    phone: _phone("parent_phone", "the parent or carer's phone number") | None = None
    aware_of_referral: bool


class ReferralRequest(Strict):
    """A DIVERT referral from an officer, with the young person present and consenting."""

    first_name: text(INTAKE["first_name"])
    last_name: text(INTAKE["last_name"])
    alias: text(INTAKE["alias"], required=False) | None = None
    date_of_birth: date
    gender: Gender | None = None
    ethnicity_group: EthnicityGroup | None = None
    address: text(INTAKE["address"], multiline=True, required=False) | None = None
    postcode: checked(INTAKE["postcode"], rules.postcode, POSTCODE_HELP) | None = None
    phone: _phone("phone", "the phone number") | None = None
    email: checked(INTAKE["email"], rules.email, "An email address") | None = None
    school_or_occupation: text(INTAKE["school_or_occupation"], required=False) | None = None
    borough: uuid.UUID = Field(description="A borough id from GET /api/v1/reference")
    bcu: uuid.UUID = Field(description="A BCU id from GET /api/v1/reference")
    parent_carer: ParentCarer | None = Field(None, description="Required under 18; "
                                             "ignored (not kept) for adults")
    at_risk_as: AtRiskAs
    exploitation_concern: bool
    concern: text(CONCERN_MAX, multiline=True)
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=20)
    exploitation_indicators: list[ExploitationIndicator] = Field(default_factory=list,
                                                                 max_length=20)
    interests: text(INTERESTS_MAX, multiline=True, required=False) | None = None
    strand: Strand
    referrer_phone: _phone("referrer_phone", "your phone number") | None = None
    consent: Literal[True] = Field(description="The young person agrees to be referred")


class Receipt(Out):
    """What an officer sees of a referral: its reference and when it arrived."""

    id: uuid.UUID = Field(validation_alias="uuid")
    reference: str
    submitted_at: datetime
    status: str


class ReferenceData(Out):
    """Boroughs and BCUs for a referral; partner organisations for a hand-off."""

    boroughs: list[Named]
    bcus: list[Named]
    partner_organisations: list[Named]
    age_band: tuple[int, int] = (MIN_AGE, MAX_AGE)


# --- routes -------------------------------------------------------------------------------------

ReceiptPage = pagination.page_model(Receipt)


@routes.operation("POST", "/referrals", "Refer a young person (aged 14 to 25, consenting)",
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


@routes.operation("GET", "/receipts", "Your referral receipts, newest first",
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


@routes.operation("GET", "/receipts/{receipt_id}", "One of your receipts", roles=(Role.OFFICER,),
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


@routes.operation("GET", "/reference", "Boroughs, BCUs and partner organisations",
                  response=ReferenceData, tag="reference")
def reference():
    """The ids a referral or a hand-off needs."""
    return ReferenceData(
        boroughs=[Named(id=b.uuid, name=b.name)
                  for b in db.session.scalars(select(Borough).order_by(Borough.name))],
        bcus=[Named(id=b.uuid, name=f"{b.name} ({b.code})")
              for b in db.session.scalars(select(Bcu).order_by(Bcu.name))],
        partner_organisations=[Named(id=o.uuid, name=o.name) for o in partner_organisations()],
    )
