"""Command-line user creation, reference data and demo accounts."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.auth.models import User
from shared.extensions import db
from shared.reference.models import Bcu, Borough, CustodySuite


def test_users_create_reads_the_password_from_stdin(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "New.Partner@Example.test", "--role", "partner",
              "--organisation", "ENGCAM", "--password-stdin"],
        input="a perfectly long passphrase\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new.partner@example.test"))
    assert user.organisation.code == "ENGCAM"
    assert user.password_hash.startswith("$argon2id$")


def test_users_create_without_a_password_prints_an_invitation(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "invitee@example.test", "--role", "analyst",
              "--organisation", "VRU"])
    assert result.exit_code == 0
    assert "/invitation/" in result.output


def test_users_create_refuses_a_role_that_does_not_fit_the_organisation(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x@example.test", "--role", "partner", "--organisation", "MPS",
              "--password-stdin"], input="a perfectly long passphrase\n")
    assert result.exit_code != 0
    assert "cannot belong to Metropolitan Police Service" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_refuses_an_unknown_role_and_a_weak_password(app):
    runner = app.test_cli_runner()
    bad_role = runner.invoke(args=["users", "create", "x@example.test", "--role", "wizard",
                                   "--password-stdin"], input="a perfectly long passphrase\n")
    weak = runner.invoke(args=["users", "create", "y@example.test", "--role", "dpo",
                               "--password-stdin"], input="password1234\n")
    assert "Choose a role" in bad_role.output
    assert "too common" in weak.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_reference_data_matches_domain_and_loading_twice_adds_nothing(app):
    result = app.test_cli_runner().invoke(args=["reference", "load"])
    assert "0 bcus added, 0 boroughs added, 0 custody_suites added" in result.output
    assert db.session.scalar(select(func.count()).select_from(Bcu)) == 12
    assert db.session.scalar(select(func.count()).select_from(Borough)) == 32
    assert db.session.scalar(select(func.count()).select_from(CustodySuite)) == 31
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    assert camden.bcu.code == "CN"


def test_demo_accounts_make_one_per_role_and_print_the_same_passwords_again(app, tmp_path):
    path = tmp_path / "demo.txt"
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "accounts", "--file", str(path)])
    second = runner.invoke(args=["demo", "accounts", "--file", str(path)])
    assert first.exit_code == 0
    assert first.output == second.output
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"officer", "custody_worker", "coordinator", "partner", "analyst", "dpo",
                     "admin"}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
