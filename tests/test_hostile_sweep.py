"""security.md's hostile inputs in every text field of the site's forms, and at the API.

Each form below is posted valid except for one text field, which gets a hostile value drawn by
hypothesis from the handbook's list (SQL metacharacters, <script>, {{7*7}}, spreadsheet
formulas, NUL bytes, over-long values) or free text. Every answer must be a clear 4xx with the
affected tables' row counts unchanged, or a success that never reflects the markup unescaped;
never a 5xx. Raw invalid UTF-8, impossible dates and a 10 MB body are tried on every form too.
The intake form and the API have their own detailed hostile tests (tests/divert/
test_intake_hostile.py, tests/api/test_hostile.py, schemathesis in tests/api/test_contract.py);
this sweep adds breadth, with a bounded number of examples per form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, table

from shared.clock import today as london_today
from shared.extensions import db
from tests.divert.conftest import form_data as intake_form
from tests.engage.conftest import form_data as encounter_form
from tests.world import build_world, signed_in

HOSTILE = [
    "'; DROP TABLE cases; --", "\" OR 1=1 --", "1' UNION SELECT password_hash FROM users --",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}", "{% raw %}x",
    "=HYPERLINK(\"https://evil.example\",\"x\")", "+SUM(1,1)", "-2+3", "@cmd",
    "bad\x00byte", "x" * 5000, "\u202eevil", "Zoë\r\nBcc: a@b.example",
]
TODAY = london_today()


@dataclass
class Form:
    """One form: who posts it, where, a valid body, its text fields and the tables it writes."""

    role: str | None
    path: object  # world -> path
    data: object  # world -> valid form data (a new submission id each time where it has one)
    fields: tuple[str, ...]
    tables: tuple[str, ...]


def _day(prefix: str, day: date = TODAY) -> dict:
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


FORMS = {
    "intake": Form("officer", lambda w: "/divert/referrals/new", lambda w: intake_form(),
                   ("first_name", "last_name", "alias", "address", "postcode", "phone", "email",
                    "school_or_occupation", "parent_name", "parent_relationship", "concern",
                    "interests"), ("cases", "people")),
    "encounter": Form("custody_worker", lambda w: "/engage/encounters/new",
                      lambda w: encounter_form("Holborn"),
                      ("first_name", "last_name", "parent_name", "parent_relationship",
                       "parent_phone", "entered_time"),
                      ("custody_encounters", "cases", "people")),
    "goal": Form("coordinator", lambda w: f"/cases/{w.case.uuid}/goals",
                 lambda w: {"goal-title": "A goal"}, ("goal-title",), ("plan_goals",)),
    "contact": Form("partner", lambda w: f"/cases/{w.case.uuid}/contacts",
                    lambda w: {"contact-method": "phone", "contact-attendance": "attended",
                               "contact-notes": "Rang them",
                               **_day("contact-contact_date")},
                    ("contact-notes",), ("contacts",)),
    "subject search": Form("dpo", lambda w: "/privacy/people",
                           lambda w: {"first_name": "Zoë", "last_name": "O'Brien",
                                      **_day("date_of_birth", date(2008, 5, 17))},
                           ("first_name", "last_name"), ("subject_access_requests",)),
    "audit search": Form("dpo", lambda w: "/privacy/audit",
                         lambda w: {"user_email": "someone@example.test"},
                         ("user_email",), ("audit_events",)),
    "survey": Form(None, lambda w: f"/divert/feedback/{w.ids['survey_token']}",
                   lambda w: {"training_rating": "4", "app_rating": "5", "comment": "Good"},
                   ("comment",), ("survey_responses",)),
    "sign-in": Form(None, lambda w: "/login",
                    lambda w: {"email": "nobody@example.test", "password": "x" * 12},
                    ("email", "password"), ("user_sessions", "users")),
    "invite": Form("admin", lambda w: "/admin/users/invite",
                   lambda w: {"email": "new.person@example.test", "full_name": "New Person",
                              "role": "officer", "organisation": "MPS"},
                   ("email", "full_name"), ("users", "invitations")),
}


def _rows(names) -> tuple[int, ...]:
    db.session.rollback()
    return tuple(db.session.scalar(select(func.count()).select_from(table(n))) for n in names)


def _check(response, form: Form, before: tuple, value: str = "") -> None:
    status, page = response.status_code, response.get_data(as_text=True)
    assert status < 500, (status, page[:500])
    assert "<script>alert(1)</script>" not in page and "onerror=alert(1)>" not in page
    # Refusals are themselves audited, so the audit table may grow on a 4xx.
    if status >= 400 and form.tables != ("audit_events",):
        assert _rows(form.tables) == before, f"{status} but rows were written"


@pytest.fixture
def sweep(app, make_user):
    """The world, and a signed-in client per role (anonymous for the public forms)."""
    world = build_world(app, make_user)
    clients = {role: signed_in(app, world.users[role]) for role in
               ("officer", "custody_worker", "coordinator", "partner", "dpo", "admin")}
    clients[None] = app.test_client()
    return world, clients


@pytest.mark.parametrize("name", FORMS)
def test_hostile_text_in_every_field_is_refused_or_stored_inert_never_a_server_error(
        sweep, name):
    world, clients = sweep
    form = FORMS[name]
    client, path = clients[form.role], form.path(world)

    @settings(max_examples=12, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(field=st.sampled_from(form.fields),
           value=st.sampled_from(HOSTILE) | st.text(max_size=200))
    def attempt(field, value):
        before = _rows(form.tables)
        response = client.post(path, data={**form.data(world), field: value})
        _check(response, form, before, value)

    attempt()


@pytest.mark.parametrize("name", FORMS)
def test_invalid_utf8_and_a_ten_megabyte_body_are_refused_cleanly(sweep, name):
    world, clients = sweep
    form = FORMS[name]
    client, path = clients[form.role], form.path(world)
    fields = {**form.data(world), "csrf_token": client.csrf_token()}
    invalid_utf8 = form.fields[0].encode() + b"=\xff\xfe\xc3("  # raw bytes, not %-escaped
    raw = urlencode(fields, doseq=True).encode() + b"&" + invalid_utf8
    before = _rows(form.tables)
    response = client.post(path, data=raw, csrf=False,
                           content_type="application/x-www-form-urlencoded")
    _check(response, form, before)
    before = _rows(form.tables)
    huge = {**fields, form.fields[0]: "A" * (10 * 1024 * 1024)}
    response = client.post(path, data=huge, csrf=False)
    assert response.status_code == 413
    assert _rows(form.tables) == before


IMPOSSIBLE_DATES = [["31", "2", "2020"], ["0", "0", "0"], ["1", "13", "2008"],
                    ["1", "1", "99999"], ["-1", "1", "2008"], ["x", "y", "z"], ["", "", "2008"]]
DATE_FORMS = {"intake": "date_of_birth", "encounter": "entered_date",
              "contact": "contact-contact_date", "subject search": "date_of_birth"}


@pytest.mark.parametrize("name", DATE_FORMS)
def test_impossible_dates_are_refused_with_400_and_nothing_stored(sweep, name):
    world, clients = sweep
    form, field = FORMS[name], DATE_FORMS[name]
    for parts in IMPOSSIBLE_DATES:
        before = _rows(form.tables)
        response = clients[form.role].post(form.path(world),
                                           data={**form.data(world), field: parts})
        assert response.status_code == 400, (parts, response.status_code)
        assert _rows(form.tables) == before, parts


def test_hostile_values_in_api_post_bodies_never_cause_a_server_error(app, make_user):
    from shared.api import tokens
    from tests.api.conftest import Api, referral_body

    world = build_world(app, make_user)
    api = Api(app.test_client(), tokens.issue(world.users["coordinator"]).token)
    db.session.commit()
    base = f"/cases/{world.case.uuid}"
    for value in HOSTILE:
        for path, body in ((f"{base}/goals", {"title": value}),
                           (f"{base}/close", {"reason": value}),
                           (f"{base}/triage", {"decision": "accept", "risk_level": "low",
                                               "priority": 3, "note": value})):
            response = api.post(path, body)
            assert response.status_code < 500, (path, value[:40], response.status_code)
            assert "<script>" not in response.get_data(as_text=True) or \
                response.mimetype.endswith("json")
    officer = Api(app.test_client(), tokens.issue(world.users["officer"]).token)
    db.session.commit()
    for value in HOSTILE:
        before = _rows(("cases", "people"))
        response = officer.post("/referrals", referral_body(borough=value))
        assert response.status_code == 422 and _rows(("cases", "people")) == before
