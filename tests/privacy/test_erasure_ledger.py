"""The erasure log outside the database, and re-applying it after a restore (issue 18,
findings 2 and 8): every erasure says on what rule or request and why."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from shared.extensions import db
from shared.people.models import Person
from shared.privacy import ledger
from shared.privacy.erasure import erase
from shared.privacy.models import ErasureLog


@pytest.fixture
def ledger_file(app, tmp_path):
    """ERASURE_LEDGER pointed at a fresh file for this test."""
    path = tmp_path / "erasure-ledger.jsonl"
    app.config["ERASURE_LEDGER"] = str(path)
    yield path
    app.config["ERASURE_LEDGER"] = None


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_committed_erasure_is_written_to_the_ledger_without_personal_data(two_people,
                                                                            ledger_file):
    first = two_people[0]
    erase(first.person, reason="Article 17 request", request_reference="LTR-1")
    db.session.commit()
    (entry,) = _lines(ledger_file)
    assert entry["person_uuid"] == str(first.person.uuid)
    assert (entry["rule"], entry["reason"], entry["request_reference"]) == (
        "request", "Article 17 request", "LTR-1")
    assert first.reference in entry["case_references"]
    assert "Amara" not in ledger_file.read_text() and "Okonkwo" not in ledger_file.read_text()
    assert oct(ledger_file.stat().st_mode & 0o777) == "0o600"


def test_a_rolled_back_erasure_writes_nothing(two_people, ledger_file):
    erase(two_people[0].person, reason="Changed my mind")
    db.session.rollback()
    assert _lines(ledger_file) == []


def test_after_a_restore_the_ledger_erases_the_person_again(app, two_people, ledger_file):
    first, second = two_people
    # The state after restoring a backup taken before the erasure: the ledger remembers it,
    # the database has the person (and their data key) back.
    ledger.append(ledger_file, [
        {"person_uuid": str(first.person.uuid), "case_references": first.reference,
         "rule": "request", "request_reference": "LTR-9", "reason": "Article 17 request",
         "erased_at": "2026-11-30T10:00:00+00:00"},
        {"person_uuid": str(uuid.uuid4()), "case_references": "", "rule": "declined",
         "request_reference": None, "reason": "Retention", "erased_at": "2026-11-30T10:00:00"}])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["privacy", "reapply-erasures"])
    assert result.exit_code == 0, result.output
    assert "1 people erased again; 0 already erased; 1 not in this database." in result.output
    db.session.expire_all()
    assert db.session.get(Person, first.person_id).is_erased
    assert not db.session.get(Person, second.person_id).is_erased
    log = db.session.scalar(select(ErasureLog))
    assert log.rule == "reapplied" and "Article 17 request" in log.reason
    assert len(_lines(ledger_file)) == 2  # re-applying does not grow the ledger
    again = runner.invoke(args=["privacy", "reapply-erasures"])  # a rerun is harmless
    assert "0 people erased again; 1 already erased" in again.output


def test_without_a_ledger_the_command_says_what_to_set(app):
    result = app.test_cli_runner().invoke(args=["privacy", "reapply-erasures"])
    assert result.exit_code != 0 and "ERASURE_LEDGER" in result.output


def test_a_retention_erasure_records_its_rule_and_why(two_people):
    from shared.privacy import retention

    first = two_people[0]
    due = [retention.Due(first.person_id, first.person.uuid, first.submitted_at.date(),
                         "declined", [first.reference])]
    retention.apply(first.submitted_at.date(), due=due)
    log = db.session.scalar(select(ErasureLog))
    assert log.rule == "declined" and "rule declined ended on" in log.reason
