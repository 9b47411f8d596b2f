"""Password hashing and rules (security.md items 1 and 2)."""

from __future__ import annotations

import pytest

from shared.auth.passwords import _hasher, password_problem


def test_production_hashes_are_argon2id_with_library_defaults():
    encoded = _hasher(False).hash("a long enough passphrase")
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.parametrize("password", ["", "elevenchars", "x" * 11])
def test_passwords_under_twelve_characters_are_refused(password):
    assert "12 characters or more" in password_problem(password)


def test_a_128_character_password_is_accepted():
    assert password_problem("correct horse battery staple " * 4 + "x" * 12) is None


def test_no_composition_rules_apply():
    assert password_problem("all lowercase words here") is None


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop12", "1qaz2wsx3edc",
                                      "PASSWORD1234!", "aaaaaaaaaaaaaa"])
def test_common_or_trivial_passwords_are_refused(password):
    assert "too common" in password_problem(password)


def test_passwords_containing_the_email_or_service_name_are_refused():
    assert "must not contain" in password_problem("jsmith loves pizza", "jsmith@example.test")
    assert "must not contain" in password_problem("my divert login please")


def test_an_absurdly_long_password_is_refused_before_hashing():
    assert "or fewer" in password_problem("x" * 10_000)
