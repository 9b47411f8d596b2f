"""Admin pages for organisations and reference data (BCUs, boroughs, custody suites)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from shared.audit.models import AuditEvent
from shared.extensions import db
from shared.reference.models import Bcu, Borough, CustodySuite, Organisation


def one(model, **where):
    """The single row of MODEL matching WHERE, read fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(select(model).filter_by(**where))


def reference_audits(object_uuid) -> list[str]:
    """The details of every reference_changed event about one object."""
    return list(db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "reference_changed", AuditEvent.object_uuid == object_uuid)
        .order_by(AuditEvent.seq)))


def last_audit_seq() -> int:
    """The newest audit sequence number."""
    return db.session.scalar(select(func.max(AuditEvent.seq))) or 0


def add_organisation(client, **fields):
    """Post the add-organisation form with sensible defaults."""
    data = {"code": "yjs", "name": "Camden Youth Justice Service", "kind": "local_authority",
            "status": "active", **fields}
    return client.post("/admin/organisations/new", data=data)


# Organisations

def test_organisation_list_shows_every_organisation_with_its_kind(client, admin):
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "Arsenal in the Community" in page and "Code AITC" in page
    assert "Partner organisation" in page and "<caption" in page


def test_adding_an_organisation_stores_it_with_an_upper_case_code_and_audits(client, admin):
    response = add_organisation(client)
    assert response.status_code == 302
    organisation = one(Organisation, code="YJS")
    assert (organisation.name, organisation.kind, organisation.active) == (
        "Camden Youth Justice Service", "local_authority", True)
    assert reference_audits(organisation.uuid) == ["added"]
    assert b"Camden Youth Justice Service" in client.get("/admin/organisations").data


@pytest.mark.parametrize(("fields", "message"), [
    ({"code": "AITC"}, "code already exists"),
    ({"name": "arsenal in the community"}, "name already exists"),
    ({"kind": "cartel"}, "Choose a kind of organisation"),
    ({"code": "a b"}, "2 to 16 letters or numbers"),
    ({"code": "X" * 17}, "2 to 16 letters or numbers"),
    ({"name": "N" * 121}, "120 characters or fewer"),
    ({"name": "Bad\x00Name"}, "must contain only letters"),
    ({"status": "maybe"}, "Choose active or inactive"),
    ({"status": None}, "Choose active or inactive"),
])
def test_invalid_organisation_is_refused_with_400_and_nothing_stored(client, admin, fields,
                                                                     message):
    count, seq = db.session.scalar(select(func.count(Organisation.id))), last_audit_seq()
    data = {k: v for k, v in {"code": "YJS", "name": "Camden YJS", "kind": "local_authority",
                              "status": "active", **fields}.items() if v is not None}
    response = client.post("/admin/organisations/new", data=data)
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.data and message.encode() in response.data
    assert db.session.scalar(select(func.count(Organisation.id))) == count
    assert last_audit_seq() == seq


def test_editing_an_organisation_changes_name_kind_and_status_but_never_its_code(client, admin):
    add_organisation(client, code="NEWORG", kind="other")
    organisation = one(Organisation, code="NEWORG")
    response = client.post(f"/admin/organisations/{organisation.uuid}", data={
        "name": "Renamed org", "kind": "partner", "status": "inactive", "code": "HACKED"})
    assert response.status_code == 302
    organisation = one(Organisation, uuid=organisation.uuid)
    assert (organisation.code, organisation.name, organisation.kind, organisation.active) == (
        "NEWORG", "Renamed org", "partner", False)
    assert reference_audits(organisation.uuid)[-1] == "renamed; kind changed; deactivated"


def test_an_organisation_kind_that_its_users_roles_cannot_have_is_refused(client, admin):
    divert = one(Organisation, code="DIVERT")
    response = client.post(f"/admin/organisations/{divert.uuid}", data={
        "name": divert.name, "kind": "partner", "status": "active"})
    assert response.status_code == 400
    assert b"Move them first" in response.data
    assert one(Organisation, code="DIVERT").kind == "operator"


def test_an_inactive_organisation_cannot_receive_new_accounts(client, admin):
    add_organisation(client, code="GONE", name="Gone partner", kind="partner", status="inactive")
    response = client.post("/admin/users/invite", data={
        "email": "x@example.test", "full_name": "X", "role": "partner", "organisation": "GONE"})
    assert response.status_code == 400


def test_unknown_organisation_ids_answer_404(client, admin):
    assert client.get(f"/admin/organisations/{uuid.uuid4()}").status_code == 404
    assert client.get("/admin/organisations/DIVERT").status_code == 404


# Reference data

def test_reference_page_lists_bcus_boroughs_and_custody_suites(client, admin):
    page = client.get("/admin/reference").get_data(as_text=True)
    for text in ("Central North", "Camden", "Kentish Town", "<caption", "Add a custody suite"):
        assert text in page


def test_renaming_a_bcu_is_stored_and_audited(client, admin):
    bcu = one(Bcu, code="CN")
    response = client.post(f"/admin/reference/bcus/{bcu.uuid}",
                           data={"name": "Central North (Camden and Islington)", "code": "ZZ"})
    assert response.status_code == 302
    bcu = one(Bcu, uuid=bcu.uuid)
    assert (bcu.code, bcu.name) == ("CN", "Central North (Camden and Islington)")
    assert reference_audits(bcu.uuid) == ["renamed"]


def test_a_bcu_name_already_used_is_refused(client, admin):
    bcu = one(Bcu, code="CN")
    response = client.post(f"/admin/reference/bcus/{bcu.uuid}", data={"name": "north area"})
    assert response.status_code == 400
    assert b"already used" in response.data
    assert one(Bcu, code="CN").name == "Central North"


def test_a_borough_can_be_renamed_and_moved_to_another_bcu(client, admin):
    borough = one(Borough, name="Camden")
    response = client.post(f"/admin/reference/boroughs/{borough.uuid}",
                           data={"name": "Camden Town", "bcu": "NA"})
    assert response.status_code == 302
    borough = one(Borough, uuid=borough.uuid)
    assert (borough.name, borough.bcu.code) == ("Camden Town", "NA")
    assert reference_audits(borough.uuid) == ["renamed; moved to another BCU"]


def test_moving_a_borough_to_an_unknown_bcu_is_refused(client, admin):
    borough = one(Borough, name="Camden")
    response = client.post(f"/admin/reference/boroughs/{borough.uuid}",
                           data={"name": "Camden", "bcu": "XX"})
    assert response.status_code == 400
    assert b"Choose a BCU from the list" in response.data
    assert one(Borough, name="Camden").bcu.code == "CN"


def test_a_custody_suite_can_be_added_renamed_moved_deactivated_and_reactivated(client, admin):
    assert client.post("/admin/reference/custody-suites/new",
                       data={"name": "Lewisham New", "bcu": "SE", "status": "active"}
                       ).status_code == 302
    suite = one(CustodySuite, name="Lewisham New")
    assert (suite.bcu.code, suite.active) == ("SE", True)
    url = f"/admin/reference/custody-suites/{suite.uuid}"
    client.post(url, data={"name": "Catford", "bcu": "AS", "status": "inactive"})
    suite = one(CustodySuite, uuid=suite.uuid)
    assert (suite.name, suite.bcu.code, suite.active) == ("Catford", "AS", False)
    assert "inactive" in client.get("/admin/reference").get_data(as_text=True).lower()
    client.post(url, data={"name": "Catford", "bcu": "AS", "status": "active"})
    assert one(CustodySuite, uuid=suite.uuid).active is True
    assert reference_audits(suite.uuid) == [
        "added", "renamed; moved to another BCU; deactivated", "activated"]


def test_saving_reference_data_unchanged_writes_no_audit(client, admin):
    suite = one(CustodySuite, name="Holborn")
    seq = last_audit_seq()
    response = client.post(f"/admin/reference/custody-suites/{suite.uuid}",
                           data={"name": "Holborn", "bcu": "CN", "status": "active"})
    assert response.status_code == 302
    assert last_audit_seq() == seq


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Enter the custody suite"),
    ({"name": "S" * 81}, "80 characters or fewer"),
    ({"name": "Nul\x00suite"}, "must contain only letters"),
    ({"bcu": "'; DROP TABLE bcus; --"}, "Choose a BCU from the list"),
    ({"name": "holborn"}, "already used"),
])
def test_hostile_custody_suite_input_is_refused_with_400_and_nothing_stored(
        client, admin, fields, message):
    count, seq = db.session.scalar(select(func.count(CustodySuite.id))), last_audit_seq()
    data = {"name": "Newsuite", "bcu": "CN", "status": "active", **fields}
    response = client.post("/admin/reference/custody-suites/new", data=data)
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.data and message.encode() in response.data
    assert db.session.scalar(select(func.count(CustodySuite.id))) == count
    assert last_audit_seq() == seq


def multipart(fields: dict[str, bytes]) -> bytes:
    """A multipart/form-data body with raw bytes, boundary "xx"."""
    parts = [b'--xx\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n'
             + value + b"\r\n" for name, value in fields.items()]
    return b"".join(parts) + b"--xx--\r\n"


@pytest.mark.parametrize(("content_type", "encode"), [
    ("multipart/form-data; boundary=xx", multipart),
    ("application/x-www-form-urlencoded", lambda fields: b"&".join(
        name.encode() + b"=" + value for name, value in fields.items())),
])
def test_invalid_utf8_in_a_name_is_refused_and_nothing_stored(client, admin, content_type,
                                                              encode):
    count = db.session.scalar(select(func.count(CustodySuite.id)))
    body = encode({"csrf_token": client.csrf_token().encode(), "name": b"Bad\xff\xfename",
                   "bcu": b"CN", "status": b"active"})
    response = client.post("/admin/reference/custody-suites/new", data=body, csrf=False,
                           content_type=content_type)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(CustodySuite.id))) == count


def test_script_and_template_syntax_in_a_suite_name_are_shown_escaped(client, admin):
    name = "<script>x</script>{{7*7}}"
    client.post("/admin/reference/custody-suites/new",
                data={"name": name, "bcu": "CN", "status": "active"})
    assert one(CustodySuite, name=name) is not None
    page = client.get("/admin/reference").get_data(as_text=True)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;{{7*7}}" in page


@pytest.mark.parametrize("path", ["bcus", "boroughs", "custody-suites"])
def test_unknown_reference_ids_answer_404(client, admin, path):
    assert client.get(f"/admin/reference/{path}/{uuid.uuid4()}").status_code == 404
    assert client.get(f"/admin/reference/{path}/1").status_code == 404
