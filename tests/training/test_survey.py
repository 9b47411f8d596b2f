"""The QR feedback survey: one public link per session, limited, expiring, and its results."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from divert.training import answered, survey
from divert.training.imports import import_csv
from divert.training.models import SurveyResponse, TrainingSession
from shared.db import utcnow
from shared.extensions import db
from tests.training.conftest import TRAINED_ON, roster, signed_in

ANSWER = {"training_rating": "5", "app_rating": "4", "comment": ""}


def _responses() -> list[SurveyResponse]:
    return list(db.session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))


def _another_browser(client) -> None:
    """Forget which links this browser answered, as another attendee's phone would."""
    client.delete_cookie(answered.COOKIE, path=answered.PATH)


def _new_session_via_page(client) -> tuple[str, str]:
    today = utcnow().date()
    response = client.post("/divert/training/sessions/new", data={
        "held_on": [str(today.day), str(today.month), str(today.year)], "bcu": "CN",
        "strand": "neighbourhood", "attendees": "12"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    token = re.search(r"/divert/feedback/([A-Za-z0-9_-]{40,})", page).group(1)
    return response.headers["Location"], token


def test_a_coordinator_gets_a_qr_code_made_here_and_only_the_token_hash_is_stored(
        app, make_user):
    client = signed_in(app, make_user("coordinator"))
    location, token = _new_session_via_page(client)
    page = client.get(location).get_data(as_text=True)
    assert "The link works until" in page and "0 of 12 attendees have answered" in page
    qr = client.get(f"{location}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).lstrip().startswith("<svg")
    stored = db.session.scalar(select(TrainingSession))
    assert stored.token_hash == survey.hash_token(token) and token not in stored.token_hash
    assert stored.expires_at - utcnow() > timedelta(days=6, hours=23)
    # Another coordinator's browser never held the token, so it shows no code.
    other = signed_in(app, make_user("coordinator"))
    assert "Make a new link" in other.get(location).get_data(as_text=True)
    assert other.get(f"{location}/qr.svg").status_code == 404


def test_a_new_link_replaces_the_old_one(app, make_user, client, feedback_link):
    made, token = feedback_link()
    coordinator = signed_in(app, make_user("coordinator"))
    assert coordinator.post(f"/divert/training/sessions/{made.uuid}/link").status_code == 302
    assert client.get(f"/divert/feedback/{token}").status_code == 404


def test_the_public_form_works_without_signing_in_and_with_csrf_on(client, feedback_link):
    made, token = feedback_link()
    form = client.get(f"/divert/feedback/{token}")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    assert client.post(f"/divert/feedback/{token}", data=ANSWER, csrf=False).status_code == 400
    response = client.post(f"/divert/feedback/{token}", data={**ANSWER, "comment": "Useful"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")
    assert client.get("/divert/feedback/thanks").status_code == 200
    [answer] = _responses()
    assert (answer.session_id, answer.training_rating, answer.app_rating, answer.comment) == (
        made.id, 5, 4, "Useful")


def test_a_link_answers_only_for_its_own_session_and_a_guessed_one_is_404(
        client, feedback_link):
    first, first_token = feedback_link()
    second, _ = feedback_link()
    client.post(f"/divert/feedback/{first_token}", data=ANSWER)
    db.session.expire_all()
    assert [r.session_id for r in _responses()] == [first.id]
    assert db.session.get(TrainingSession, second.id).responses == 0
    other_last = "B" if first_token.endswith("A") else "A"  # one character off
    guessed = client.post(f"/divert/feedback/{first_token[:-1]}{other_last}", data=ANSWER)
    assert guessed.status_code == 404 and "does not work" in guessed.get_data(as_text=True)


def test_a_session_takes_no_more_answers_than_attendees(client, feedback_link):
    _, token = feedback_link(attendees=2)
    for _ in range(2):
        assert client.post(f"/divert/feedback/{token}", data=ANSWER).status_code == 302
        _another_browser(client)
    full = client.post(f"/divert/feedback/{token}", data=ANSWER)
    assert full.status_code == 410 and "feedback is complete" in full.get_data(as_text=True)
    assert client.get(f"/divert/feedback/{token}").status_code == 410
    assert len(_responses()) == 2


def test_an_expired_link_answers_410_with_a_message(client, feedback_link):
    _, token = feedback_link()
    with time_machine.travel(utcnow() + timedelta(days=7, seconds=1), tick=False):
        page = client.get(f"/divert/feedback/{token}")
        posted = client.post(f"/divert/feedback/{token}", data=ANSWER)
    assert page.status_code == 410 and "has expired" in page.get_data(as_text=True)
    assert posted.status_code == 410 and _responses() == []
    with time_machine.travel(utcnow() + timedelta(days=6, hours=23), tick=False):
        assert client.post(f"/divert/feedback/{token}", data=ANSWER).status_code == 302


def test_hostile_comments_are_kept_as_plain_text_and_shown_escaped(
        app, make_user, client, feedback_link):
    _, token = feedback_link()
    hostile = "<script>alert(1)</script> {{7*7}} '; DROP TABLE survey_responses; --"
    assert client.post(f"/divert/feedback/{token}",
                       data={**ANSWER, "comment": hostile}).status_code == 302
    assert _responses()[0].comment == hostile
    page = signed_in(app, make_user("coordinator")).get("/divert/training/feedback")
    text = page.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in text and "<script>alert" not in text


@pytest.mark.parametrize("answer", [
    {**ANSWER, "comment": "fine\x00"}, {**ANSWER, "comment": "x" * 1001},
    {**ANSWER, "training_rating": "6"}, {**ANSWER, "app_rating": "five"},
    {"comment": "no ratings"},
])
def test_bad_answers_get_400_and_nothing_is_stored(client, feedback_link, answer):
    _, token = feedback_link()
    assert client.post(f"/divert/feedback/{token}", data=answer).status_code == 400
    assert _responses() == []
    assert db.session.scalar(select(TrainingSession.responses)) == 0


def test_the_public_post_is_rate_limited_per_ip(app, client, feedback_link, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_IP_LIMIT", "2 per minute")
    _, token = feedback_link(attendees=10)
    codes = []
    for _ in range(3):
        codes.append(client.post(f"/divert/feedback/{token}", data=ANSWER).status_code)
        _another_browser(client)
    assert codes == [302, 302, 429]
    assert len(_responses()) == 2


def test_results_show_response_rate_and_averages_to_two_decimals(
        app, make_user, feedback_link):
    import_csv(roster(*[f"Neighbourhood,CN,{TRAINED_ON}"] * 7))
    _, token = feedback_link(attendees=5)
    for training, app_rating in ((5, 5), (5, 4), (4, 4)):
        survey.submit_response(token, training, app_rating, None)
    db.session.commit()
    summary = survey.feedback_summary()
    assert (summary.responses, summary.trained, summary.rate) == (3, 7, "43%")
    assert (summary.training_average, summary.app_average) == ("4.67", "4.33")
    assert [(s.responses, s.attendees, s.rate) for s in summary.sessions] == [(3, 5, "60%")]
    for role in ("coordinator", "analyst"):
        text = signed_in(app, make_user(role)).get("/divert/training/feedback").get_data(
            as_text=True)
        assert "4.67 out of 5" in text and "4.33 out of 5" in text and "3 from 7" in text
    assert signed_in(app, make_user("officer")).get(
        "/divert/training/feedback").status_code == 403


def test_averages_round_half_up():
    assert survey.average(1137, 236) == "4.82" and survey.average(1104, 236) == "4.68"
    assert survey.average(9, 8) == "1.13"  # 1.125 rounds up
    assert survey.average(None, 0) == ""


def _answer(app, token: str, barrier, outcomes: list) -> None:
    with app.app_context():
        barrier.wait(timeout=10)
        try:
            survey.submit_response(token, 5, 5, None)
            db.session.commit()
            outcomes.append("saved")
        except survey.LinkUnavailable as gone:
            db.session.rollback()
            outcomes.append(gone.status)
        finally:
            db.session.remove()


def test_concurrent_answers_never_exceed_the_attendees(app, feedback_link):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL); SQLite serialises writers")
    made, token = feedback_link(attendees=3)
    barrier, outcomes = threading.Barrier(8), []
    threads = [threading.Thread(target=_answer, args=(app, token, barrier, outcomes))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [410] * 5 + ["saved"] * 3
    db.session.expire_all()
    assert db.session.get(TrainingSession, made.id).responses == 3
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 3


def test_one_browser_answers_a_link_once_and_a_double_tap_is_thanked(client, feedback_link):
    made, token = feedback_link(attendees=10)
    answers = [{**ANSWER, "training_rating": "1", "app_rating": "1"}] * 4
    codes = [client.post(f"/divert/feedback/{token}", data=a) for a in answers]
    assert [c.status_code for c in codes] == [302] * 4
    assert {c.headers["Location"] for c in codes} == {"/divert/feedback/thanks"}
    db.session.expire_all()
    assert len(_responses()) == 1 and db.session.get(TrainingSession, made.id).responses == 1
    again = client.get(f"/divert/feedback/{token}").get_data(as_text=True)
    assert "already sent your feedback" in again and "Send feedback" not in again
    _another_browser(client)
    assert client.post(f"/divert/feedback/{token}", data=ANSWER).status_code == 302
    assert len(_responses()) == 2


def test_the_answered_cookie_holds_no_answer_and_another_link_still_works(
        client, feedback_link):
    _, first = feedback_link()
    _, second = feedback_link()
    response = client.post(f"/divert/feedback/{first}", data=ANSWER)
    cookie = response.headers["Set-Cookie"]
    assert answered.COOKIE in cookie and "HttpOnly" in cookie and "Path=/divert/feedback/" in cookie
    assert first not in cookie and answered.hash_token(first) not in cookie
    assert client.post(f"/divert/feedback/{second}", data=ANSWER).status_code == 302
    assert len(_responses()) == 2
