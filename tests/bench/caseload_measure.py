"""Server time of the caseload pages, search and team counts, in-process over a built data set.

Run as a module by caseload_bench with the data set's environment (its keys in INSTANCE_PATH);
prints JSON: figures, the data set's size and the search's false-positive measurement.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
import uuid
from datetime import timedelta

import pyotp
from sqlalchemy import func, insert, select, text, update

from shared.auth import mfa
from shared.auth import services as accounts
from shared.cases.models import Case
from shared.cases.plan_models import Action, Goal
from shared.clock import today
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Borough, Organisation
from shared.worklists import search
from wsgi import app

PASSWORD = "station bicycle lantern"
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
SAMPLE = 200  # people searched for in the false-positive measurement


def main() -> None:
    """Prepare assignments and plan actions once, sign in, time every page; print JSON."""
    with app.app_context():
        coordinator, partner = _user("coordinator", "DIVERT"), _user("partner", "AITC")
        _prepare(coordinator, partner)
        size = db.session.scalar(select(func.count(Case.id)))
        people = _sample_people()
        camden = db.session.scalar(select(Borough.uuid).where(Borough.name == "Camden"))
        rates = _false_positives(coordinator, people)
        logins = [(u.email, u.bench_secret) for u in (coordinator, partner)]
        db.session.commit()
    coordinator_client, partner_client = (_signed_in(*login) for login in logins)
    first = coordinator_client.get("/caseload/").get_data(as_text=True)
    later = re.search(r'href="(/caseload/\?[^"]+)" rel="next"', first).group(1)
    person = people[0]
    dob = person["dob"]
    dob_query = f"date_of_birth={dob.day}&date_of_birth={dob.month}&date_of_birth={dob.year}"
    typo = person["last"][:-2] + person["last"][-1] + person["last"][-2]
    pages = [
        ("baseline: the existing queue /cases/ (no names)", coordinator_client, "/cases/"),
        ("list: open cases, oldest first", coordinator_client, "/caseload/"),
        ("list: open cases, next page", coordinator_client, later.replace("&amp;", "&")),
        ("list: newest first", coordinator_client, "/caseload/?sort=newest"),
        ("list: by priority", coordinator_client, "/caseload/?sort=priority"),
        ("list: by risk", coordinator_client, "/caseload/?sort=risk"),
        ("list: high risk in Camden", coordinator_client, f"/caseload/?risk=high&borough={camden}"),
        ("list: overdue only", coordinator_client, "/caseload/?overdue=yes"),
        ("list: my cases", coordinator_client, "/caseload/mine"),
        ("list: unassigned", coordinator_client, "/caseload/unassigned"),
        ("list: closed cases", coordinator_client, "/caseload/closed"),
        ("list: partner's open cases", partner_client, "/caseload/"),
        ("search: reference", coordinator_client, f"/caseload/search?reference={person['ref']}"),
        ("search: surname + DOB", coordinator_client,
         f"/caseload/search?surname={person['last']}&{dob_query}"),
        ("search: mistyped surname + first name", coordinator_client,
         f"/caseload/search?surname={typo}&first_name={person['first']}"),
        ("search: surname only", coordinator_client, f"/caseload/search?surname={person['last']}"),
        ("search: date of birth only", coordinator_client, f"/caseload/search?{dob_query}"),
        ("team caseload counts", coordinator_client, "/caseload/team"),
    ]
    figures = [(name, *_time(client, path)) for name, client, path in pages]
    print(json.dumps({"size": size, "figures": figures, "false_positives": rates}))


def _user(role: str, organisation: str):
    email = f"caseload-bench-{role}@bench.test"
    user = accounts.find_user(email) or accounts.create_user(
        email, f"Bench {role}", role, organisation, PASSWORD)
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_last_step = mfa.seal_secret(secret), None
    db.session.commit()
    user.bench_secret = secret
    return user


def _prepare(coordinator, partner) -> None:
    """Name the bench coordinator on 1 in 40 open cases and the partner on AITC's engaged
    cases; give 1 in 50 cases a plan action (a third of them overdue). Once per data set."""
    if db.session.scalar(select(Case.id).where(Case.coordinator_id == coordinator.id).limit(1)):
        return
    db.session.execute(update(Case).where(Case.id % 40 == 0, Case.status != "submitted")
                       .values(coordinator_id=coordinator.id))
    aitc = db.session.scalar(select(Organisation.id).where(Organisation.code == "AITC"))
    db.session.execute(update(Case).where(Case.partner_organisation_id == aitc,
                                          Case.status == "engaged")
                       .values(worker_id=partner.id))
    ids = db.session.scalars(select(Case.id).where(Case.id % 50 == 7)).all()
    now, on = utcnow(), today()
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        db.session.execute(insert(Goal), [{"uuid": uuid.uuid4(), "case_id": i, "created_at": now}
                                          for i in chunk])
        goals = db.session.execute(select(Goal.id, Goal.case_id).where(
            Goal.case_id.in_(chunk))).all()
        db.session.execute(insert(Action), [{
            "uuid": uuid.uuid4(), "goal_id": g, "owner": "coordinator", "status": "open",
            "updated_at": now, "due_date": on + timedelta(days=(c % 21) - 7)} for g, c in goals])
        db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _sample_people() -> list[dict]:
    rng = random.Random(16)
    top = db.session.scalar(select(func.max(Case.id)))
    found = []
    while len(found) < SAMPLE:
        case = db.session.get(Case, rng.randint(1, top))
        if case is None or case.person.is_erased or not case.person.last_name:
            continue
        p = case.person
        found.append({"ref": case.reference, "first": p.first_name, "last": p.last_name,
                      "dob": p.date_of_birth})
    return found


def _false_positives(user, people: list[dict]) -> dict:
    """Of the candidates each blind index gave, the share decryption then rejected."""
    rates = {}
    for name, query in (("surname prefix + birth year (surname and DOB given)",
                         lambda p: {"surname": p["last"], "date_of_birth": p["dob"]}),
                        ("surname prefix alone (surname and first name given)",
                         lambda p: {"surname": p["last"], "first_name": p["first"]})):
        candidates = kept = capped = missed = 0
        for person in people:
            result = search.search(user, **query(person))
            candidates, kept = candidates + result.candidates, kept + len(result.cases)
            capped += result.capped
            missed += person["ref"] not in {c.reference for c in result.cases}
        rates[name] = {"searches": len(people), "candidates": candidates, "kept": kept,
                       "false_positive_rate": round(1 - kept / max(candidates, 1), 3),
                       "candidate_cap_reached": capped, "person_not_found": missed}
    return rates


def _signed_in(email: str, secret: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    answer = client.post("/login", data={"csrf_token": _token(page), "email": email,
                                         "password": PASSWORD})
    if answer.headers.get("Location") != "/login/code":
        return client  # a role without an authenticator
    page = client.get("/login/code").get_data(as_text=True)
    client.post("/login/code", data={"csrf_token": _token(page),
                                     "code": pyotp.TOTP(secret).now()})
    return client


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _time(client, path: str) -> tuple:
    for _ in range(3):  # warm the caches, as a working day would
        client.get(path)
    times, rows = [], 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(path)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (path, response.status_code)
        body = response.get_data(as_text=True)
        rows = body.count('data-testid="case-row"') or body.count('class="govuk-table__row">') - 1
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return round(statistics.median(times), 1), round(p95, 1), rows


if __name__ == "__main__":
    main()
