"""Building synthetic referral rows in bulk, sealed with real per-person data keys."""

from __future__ import annotations

import os
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from divert.consent import CONSENT_VERSION
from divert.demo.people import CONCERNS, INTERESTS, WEIGHTED_ETHNICITIES, WEIGHTED_GENDERS
from divert.programmes import APP
from shared.cases import choices
from shared.cases.keys import JSON
from shared.cases.references import ALPHABET
from shared.crypto import envelope
from shared.crypto.blind_index import blind_index, index_version
from shared.crypto.fields import DATE, TEXT
from shared.people.ages import age_band_for
from shared.people.models import NAME_DOB, SURNAME_DOB, search_indexes

# status -> weight: a mature service's mix of outcomes.
STATUS_WEIGHTS = {"submitted": 4, "declined": 8, "no_further_action": 12, "accepted": 6,
                  "plan_agreed": 5, "handed_off": 3, "engaged": 30, "closed": 32}
TRIAGED = {"declined", "no_further_action", "accepted", "plan_agreed", "handed_off", "engaged",
           "closed"}
WITH_PARTNER = {"handed_off", "engaged", "closed"}


@dataclass
class Context:
    """What every row of a run shares: who referred, where, which partners, which key."""

    officer_id: int
    places: list[tuple[int, int]]  # (borough id, its BCU id)
    partner_ids: list[int]
    kek_id: str
    kek: AESGCM
    first_names: list[str]
    last_names: list[str]
    postcodes: list[str]
    now: datetime


@dataclass
class Batch:
    """Rows for one batch: data keys, people and cases, matched by position."""

    keys: list[dict]
    people: list[dict]
    cases: list[dict]


def build_batch(ctx: Context, start: int, count: int) -> Batch:
    """COUNT referrals numbered from START; the same numbers always give the same people."""
    rng = random.Random(f"demo-generate-{start}")  # noqa: S311  repeatable synthetic data
    batch = Batch([], [], [])
    for nonce in envelope.nonces(count):
        key_row, field_key = _data_key(ctx, nonce)
        person = _person(ctx, rng, field_key)
        batch.keys.append(key_row)
        batch.people.append(person)
        batch.cases.append(_case(ctx, rng, field_key, person))
    return batch


def _data_key(ctx: Context, nonce: bytes) -> tuple[dict, envelope.FieldKey]:
    raw, key_uuid = os.urandom(32), uuid.uuid4()
    wrapped = envelope.wrap_key(ctx.kek, ctx.kek_id, key_uuid, raw, nonce)
    row = {"uuid": key_uuid, "kek_id": ctx.kek_id, "wrapped": wrapped, "created_at": ctx.now}
    return row, envelope.FieldKey(key_uuid.bytes, AESGCM(raw))


def _seal(key: envelope.FieldKey, table: str, row_uuid: uuid.UUID, values: dict) -> dict:
    return {name: envelope.seal(key, table, name, row_uuid, codec.encode(value))
            for name, (codec, value) in values.items()}


def _person(ctx: Context, rng: random.Random, key: envelope.FieldKey) -> dict:
    submitted = ctx.now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1439))
    born = submitted.date() - timedelta(days=rng.randint(14 * 366, 25 * 365))
    first, last = rng.choice(ctx.first_names), rng.choice(ctx.last_names)
    borough_id, bcu_id = rng.choice(ctx.places)
    person_uuid = uuid.uuid4()
    sealed = _seal(key, "people", person_uuid, {
        "first_name": (TEXT, first), "last_name": (TEXT, last), "date_of_birth": (DATE, born),
        "postcode": (TEXT, rng.choice(ctx.postcodes)),
        "phone": (TEXT, f"07700 900{rng.randint(0, 999):03d}")})
    return {"uuid": person_uuid, **sealed, "created_at": submitted,
            "surname_dob_index": blind_index(SURNAME_DOB, last, born.isoformat()),
            "name_dob_index": blind_index(NAME_DOB, first, last, born.isoformat()),
            "index_version": index_version(),
            **search_indexes(last, born),
            "age_band": age_band_for(born, submitted.date()),
            "gender": rng.choice(WEIGHTED_GENDERS),
            "ethnicity_group": rng.choice(WEIGHTED_ETHNICITIES),
            "borough_id": borough_id, "_bcu_id": bcu_id, "_born": born}


def _case(ctx: Context, rng: random.Random, key: envelope.FieldKey, person: dict) -> dict:
    case_uuid, submitted = uuid.uuid4(), person["created_at"]
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    sealed = _seal(key, "cases", case_uuid, {
        "at_risk_as": (TEXT, rng.choice(list(choices.AT_RISK_AS))),
        "exploitation_concern": (TEXT, rng.choice(("yes", "no"))),
        "concern": (TEXT, rng.choice(CONCERNS)),
        "vulnerabilities": (JSON, sorted(rng.sample(list(choices.VULNERABILITIES), 2))),
        "interests": (TEXT, ", ".join(rng.sample(INTERESTS, 2)))})
    row = {
        "uuid": case_uuid, "reference": reference(rng), "submission_id": uuid.uuid4(),
        "programme": APP.code, "route": "officer_app", "status": status,
        "referrer_id": ctx.officer_id, "referrer_strand": rng.choice(list(choices.STRANDS)[:3]),
        "bcu_id": person["_bcu_id"], "borough_id": person["borough_id"],
        "age_band": person["age_band"], "submitted_at": submitted, "consent_given": True,
        "consent_recorded_at": submitted, "consent_recorded_by_id": ctx.officer_id,
        "consent_wording_version": CONSENT_VERSION, "lawful_basis": "art6_1e_sch1_para18",
        **sealed, **_progress(ctx, rng, status, submitted),
    }
    return row


def _progress(ctx: Context, rng: random.Random, status: str, submitted: datetime) -> dict:
    triaged = submitted + timedelta(hours=rng.randint(2, 96))
    fields = dict.fromkeys(("triaged_at", "risk_level", "priority", "decision_reason",
                            "partner_organisation_id", "first_contact_at", "engaged",
                            "closed_at", "closure_reason"))
    if status in TRIAGED:
        fields.update(triaged_at=min(triaged, ctx.now), risk_level=rng.choice(
            list(choices.RISK_LEVELS)), priority=rng.choice(list(choices.PRIORITIES)))
    if status == "declined":
        fields["decision_reason"] = rng.choice(list(choices.DECLINE_REASONS))
    if status == "no_further_action":
        fields["decision_reason"] = rng.choice(list(choices.NFA_REASONS))
    if status in WITH_PARTNER:
        fields["partner_organisation_id"] = rng.choice(ctx.partner_ids)
    if status in {"engaged", "closed"}:
        fields.update(engaged=True, first_contact_at=_first_contact(rng, triaged, ctx.now))
    if status == "closed":
        fields.update(closed_at=ctx.now, closure_reason=rng.choice(list(choices.CLOSURE_REASONS)))
    return fields


def _first_contact(rng: random.Random, triaged: datetime, now: datetime) -> date:
    return min(triaged + timedelta(days=rng.randint(1, 21)), now).date()


def reference(rng: random.Random) -> str:
    """A DIVERT app reference in the usual form (DV-XXXX-XX); the caller checks it is free."""
    body = "".join(rng.choices(ALPHABET, k=6))
    return f"DV-{body[:4]}-{body[4:]}"
