"""Blind indexes: keyed, truncated HMACs of normalised values, for exact-match lookups.

Names are folded before hashing, so the ways one name gets typed match: case, Unicode forms,
accents (Zoë = Zoe), apostrophes and hyphens (O'Brien = OBrien, Smith-Jones = Smith Jones).
Changing the fold or the key changes every index: `flask crypto reindex-people` recomputes
them, and until it has finished, searches also try the previous fold and key (`candidates`),
so nobody goes missing meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from flask import current_app

INDEX_BYTES = 16
# Bumped whenever normalise() changes, so re-indexing knows which rows are out of date.
FOLD_VERSION = 2
# Phones turn ' into a typographic apostrophe; NFKC leaves those alone, so fold them here.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
# Separators inside a name: apostrophes, hyphens and dashes, spaces. All dropped.
_SEPARATORS = {"'", "`", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "."}
# Letters that carry no combining mark to strip but are read as the plain letter.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "\u0131": "i",
                          "æ": "ae", "œ": "oe", "þ": "th"})


def normalise(value: str) -> str:
    """Casefold, strip accents, drop apostrophes, hyphens and spaces (NFKC first)."""
    folded = unicodedata.normalize("NFKC", value).casefold().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", folded)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)
                   and c not in _SEPARATORS and not c.isspace())
    return unicodedata.normalize("NFKC", kept.translate(_LETTERS))


def legacy_normalise(value: str) -> str:
    """Fold version 1 (NFKC, casefold, apostrophes folded, whitespace collapsed): indexes
    written before version 2 are still found until `crypto reindex-people` has run."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.translate(_APOSTROPHES).split())


def _hmac(key: bytes, purpose: str, parts, fold) -> str | None:
    if any(part is None or not fold(str(part)) for part in parts):
        return None
    message = bytearray(purpose.encode("ascii") + b"\x00")
    for part in parts:
        encoded = fold(str(part)).encode("utf-8", "surrogatepass")
        # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        message += len(encoded).to_bytes(4, "big") + encoded
    return hmac.new(key, bytes(message), hashlib.sha256).digest()[:INDEX_BYTES].hex()


def blind_index(purpose: str, *parts: str | None) -> str | None:
    """Hex HMAC-SHA256 (truncated to 16 bytes) of PARTS for PURPOSE; None if a part is missing."""
    return _hmac(current_app.config["BLIND_INDEX_KEY"], purpose, parts, normalise)


def candidates(purpose: str, *parts: str | None) -> list[str]:
    """Every index a stored row may hold for PARTS: the current key and fold first, then the
    previous key (BLIND_INDEX_PREVIOUS_KEY) and the previous fold, while a re-index runs."""
    keys = [current_app.config["BLIND_INDEX_KEY"]]
    if current_app.config.get("BLIND_INDEX_PREVIOUS_KEY"):
        keys.append(current_app.config["BLIND_INDEX_PREVIOUS_KEY"])
    found = [_hmac(key, purpose, parts, fold) for key in keys
             for fold in (normalise, legacy_normalise)]
    return list(dict.fromkeys(i for i in found if i is not None))


def index_version() -> str:
    """What the current indexes are made with (fold version and a fingerprint of the key), so
    re-indexing can tell which people are done; never reveals the key."""
    digest = hashlib.sha256(b"divert/blind-index-version|" + current_app.config["BLIND_INDEX_KEY"])
    return f"{FOLD_VERSION}:{digest.hexdigest()[:12]}"
