"""Blind indexes: the same person typed differently matches; nothing else does."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from shared.crypto.blind_index import blind_index, normalise


@pytest.mark.parametrize("typed", [
    "  ZOË  o'brien",
    "zoë O'Brien",
    "Zoe\u0308 O'BRIEN",           # decomposed e + combining diaeresis (NFD)
    # Full-width letters and an ideographic space (NFKC).
    "\uff3a\uff2f\u00cb\u3000\uff2f'\uff42\uff52\uff49\uff45\uff4e",
    "zoë\tO\u2019Brien\n",         # a phone's typographic apostrophe, tab and newline
])
def test_differently_typed_names_normalise_alike(typed):
    assert normalise(typed) == "zoeobrien"


def test_casefolding_matches_german_sharp_s():
    assert normalise("STRASSE") == normalise("straße")


def test_equal_inputs_give_equal_indexes_across_forms(app):
    assert blind_index("p", "  ZOË  o'brien", "2008-03-04") == \
        blind_index("p", "zoë O'Brien", "2008-03-04")


def test_the_index_is_a_truncated_hmac_under_the_blind_index_key(app):
    expected = hmac.new(app.config["BLIND_INDEX_KEY"],
                        b"p\x00" + (9).to_bytes(4, "big") + b"zoeobrien",
                        hashlib.sha256).digest()[:16].hex()
    assert blind_index("p", "Zoë O'Brien") == expected
    assert len(expected) == 32


def test_different_values_purposes_and_splits_give_different_indexes(app):
    base = blind_index("p", "ab", "c")
    assert base != blind_index("p", "a", "bc")
    assert base != blind_index("q", "ab", "c")
    assert base != blind_index("p", "ab", "d")


def test_a_different_blind_index_key_gives_a_different_index(app, monkeypatch):
    before = blind_index("p", "Okafor")
    monkeypatch.setitem(app.config, "BLIND_INDEX_KEY", b"x" * 32)
    assert blind_index("p", "Okafor") != before


@pytest.mark.parametrize("parts", [(None, "2008-03-04"), ("   ", "2008-03-04")])
def test_a_missing_part_gives_no_index(app, parts):
    assert blind_index("p", *parts) is None


@pytest.mark.parametrize(("one", "other"), [
    ("Zoë", "Zoe"), ("Zoé", "ZOE"), ("Smith-Jones", "Smith Jones"),
    ("Smith\u2013Jones", "SmithJones"),
    ("O'Brien", "OBrien"), ("O\u2019Brien", "O Brien"), ("Łukasz", "Lukasz"), ("Søren", "Soren"),
    ("Nuñez", "Nunez"), ("Ægir", "aegir"), ("François", "Francois"),
])
def test_accents_hyphens_and_apostrophes_fold_alike(app, one, other):
    """Issue 18, finding 6: Zoë and Zoe were two different people to the duplicate check."""
    assert normalise(one) == normalise(other)
    assert blind_index("p", one, "2008-03-04") == blind_index("p", other, "2008-03-04")


def test_different_names_still_differ(app):
    assert blind_index("p", "Zoe") != blind_index("p", "Zoey")
    assert blind_index("p", "Ann", "Lee") != blind_index("p", "Annl", "ee")
