"""Queueing: fixed wording with only a reference and a link, inside the caller's transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.extensions import db
from shared.notifications import services
from shared.notifications.inbox import email_case_notice, kind_of, notify_role
from shared.notifications.kinds import PLATFORM_KINDS
from shared.notifications.models import OutboxMessage
from shared.notifications.services import FOOTER, NotificationError, enqueue
from shared.reference.models import Organisation

REFERENCE = "DV-7K3M-Q9"


def _committed_count() -> int:
    # A separate connection sees only what has been committed.
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(OutboxMessage))


def _organisation_id(code: str) -> int:
    return db.session.scalar(select(Organisation.id).where(Organisation.code == code))


def test_case_notice_has_the_fixed_wording_with_only_the_reference_and_an_absolute_link(
        app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://divert.example")
    message = email_case_notice("Partner@Example.test", "handoff", REFERENCE,
                                  "/cases/4f6c0d6e-0b7a-4d5e-9a51-1c2b3d4e5f60")
    link = "https://divert.example/cases/4f6c0d6e-0b7a-4d5e-9a51-1c2b3d4e5f60"
    kind = kind_of("handoff")
    assert message.subject == kind.subject.format(reference=REFERENCE)
    assert message.body == kind.body.format(reference=REFERENCE, link=link) + FOOTER
    assert message.to_address == "Partner@example.test"
    assert (message.kind, message.attempts, message.sent_at) == ("handoff", 0, None)


@pytest.mark.parametrize("kind", sorted(k.code for k in PLATFORM_KINDS))
def test_every_case_notice_template_varies_only_by_reference_and_link(app, kind):
    message = email_case_notice("a@example.test", kind, REFERENCE, "/cases/abc")
    link = app.config["PUBLIC_BASE_URL"] + "/cases/abc"
    fixed = message.body.replace(REFERENCE, "").replace(link, "")
    assert fixed == kind_of(kind).body.format(reference="", link="") + FOOTER


def test_enqueue_adds_to_the_session_but_never_commits(app):
    email_case_notice("a@example.test", "handoff_accepted", REFERENCE, "/cases/abc")
    assert _committed_count() == 0
    db.session.commit()
    assert _committed_count() == 1


@pytest.mark.parametrize("reference", [
    "dv-7k3m-q9", "DV-7K3M-Q", "DV-7K3M-Q9X", "DV-7K3M-Q9\n", "DV 7K3M Q9", "Jane Smith",
    "DV-7K3M-Q9 Jane Smith", "", None,
])
def test_a_reference_not_shaped_like_dv_7k3m_q9_is_refused(app, reference):
    with pytest.raises(NotificationError):
        email_case_notice("a@example.test", "handoff", reference, "/cases/abc")
    assert not db.session.new


@pytest.mark.parametrize("link_path", [
    "https://evil.example/cases/abc", "//evil.example/cases", "/\\evil.example", "cases/abc",
    "/cases/../admin", "/cases/abc\r\nBcc: x@evil.example", "javascript:alert(1)",
    "/search?name=Jane Smith", "/cases/<script>", "", None,
])
def test_a_link_that_is_not_a_plain_local_path_is_refused(app, link_path):
    with pytest.raises(NotificationError):
        email_case_notice("a@example.test", "handoff", REFERENCE, link_path)


def test_an_unknown_case_notice_kind_is_refused(app):
    with pytest.raises(NotificationError, match="unknown notification kind"):
        email_case_notice("a@example.test", "birthday", REFERENCE, "/cases/abc")


@pytest.mark.parametrize("address", [
    "not an address", "a@example.test\nBcc: x@evil.example", "Jane <a@example.test>",
    "a@example.test, b@example.test", "", None,
])
def test_an_address_that_could_add_recipients_or_headers_is_refused(app, address):
    with pytest.raises(NotificationError, match="recipient"):
        enqueue(address, "handoff", "Subject", "Body")


@pytest.mark.parametrize("subject", ["Two\nlines", "Bcc injection\r\nBcc: x@evil.example",
                                     "x" * 201, "   ", "nul\0"])
def test_a_subject_that_is_not_one_short_line_is_refused(app, subject):
    with pytest.raises(NotificationError, match="subject"):
        enqueue("a@example.test", "handoff", subject, "Body")


@pytest.mark.parametrize("kind", ["Handoff", "hand off", "", "x" * 31, "handoff;drop"])
def test_a_kind_that_is_not_a_short_lower_case_name_is_refused(app, kind):
    with pytest.raises(NotificationError, match="kind"):
        enqueue("a@example.test", kind, "Subject", "Body")


def test_an_oversized_body_is_refused(app):
    with pytest.raises(NotificationError, match="body"):
        enqueue("a@example.test", "handoff", "Subject", "x" * (services.MAX_BODY + 1))


def test_notice_to_role_reaches_every_active_user_of_that_role_in_that_organisation(
        app, make_user):
    first = make_user("partner", organisation="AITC")
    second = make_user("partner", organisation="AITC")
    inactive = make_user("partner", organisation="AITC")
    inactive.active = False
    make_user("partner", organisation="ENGCAM")
    make_user("coordinator")
    db.session.commit()
    notes = notify_role(_organisation_id("AITC"), "partner", "handoff", REFERENCE, "/cases/abc")
    assert [n.user_id for n in notes] == [first.id, second.id]
    db.session.flush()
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in messages] == [first.email, second.email]
    assert len({(m.subject, m.body) for m in messages}) == 1


def test_notice_to_role_validates_before_looking_for_recipients(app):
    with pytest.raises(NotificationError, match="unknown role"):
        notify_role(_organisation_id("AITC"), "wizard", "handoff", REFERENCE, "/cases/abc")
    with pytest.raises(NotificationError, match="reference"):
        notify_role(_organisation_id("AITC"), "partner", "handoff", "Jane Smith", "/cases/abc")


def test_notice_to_role_with_nobody_in_that_role_queues_nothing(app):
    assert notify_role(_organisation_id("VRU"), "partner", "referred_back", REFERENCE,
                       "/cases/abc") == []
