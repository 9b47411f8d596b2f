"""Bench accounts and a known person for pages_bench; prints them as JSON (run as a module)."""

from __future__ import annotations

import json

import pyotp
from sqlalchemy import select

from shared.auth import mfa
from shared.auth import services as accounts
from shared.cases.models import Case
from shared.extensions import db
from shared.people.models import Person
from wsgi import app

PASSWORD = "station bicycle lantern"
ORGANISATIONS = {"coordinator": "DIVERT", "partner": "AITC", "dpo": "DIVERT", "analyst": "VRU"}


def _user(role: str, index: int) -> dict:
    email = f"bench-{role}-{index}@bench.test"
    user = accounts.find_user(email) or accounts.create_user(
        email, f"Bench {role}", role, ORGANISATIONS[role], PASSWORD)
    secret = None
    if user.needs_mfa:  # a fresh secret each run, so no code has been used yet
        secret = pyotp.random_base32()
        user.totp_secret, user.totp_last_step = mfa.seal_secret(secret), None
    return {"email": email, "totp": secret}


def main() -> None:
    """Make (or refresh) the accounts; print accounts, a person to search for and a case."""
    with app.app_context():
        users = {role: [_user(role, i) for i in range(4)] for role in ORGANISATIONS}
        case = db.session.scalar(select(Case).where(Case.programme == "divert_app")
                                 .order_by(Case.id.desc()).limit(1))
        person = db.session.get(Person, case.person_id)
        found = {"first_name": person.first_name, "last_name": person.last_name,
                 "date_of_birth": [str(person.date_of_birth.day),
                                   str(person.date_of_birth.month),
                                   str(person.date_of_birth.year)]}
        db.session.commit()
        print(json.dumps({"users": users, "person": found, "case": str(case.uuid)}))


if __name__ == "__main__":
    main()
