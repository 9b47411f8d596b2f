"""Blind indexes: keyed, truncated HMACs of normalised values, for exact-match lookups."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from flask import current_app

INDEX_BYTES = 16
# Phones turn ' into a typographic apostrophe; NFKC leaves those alone, so fold them here.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})


def normalise(value: str) -> str:
    """NFKC, casefold, apostrophes folded, whitespace collapsed and trimmed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.translate(_APOSTROPHES).split())


def blind_index(purpose: str, *parts: str | None) -> str | None:
    """Hex HMAC-SHA256 (truncated to 16 bytes) of PARTS for PURPOSE; None if a part is missing."""
    if any(part is None or not normalise(str(part)) for part in parts):
        return None
    message = bytearray(purpose.encode("ascii") + b"\x00")
    for part in parts:
        encoded = normalise(str(part)).encode("utf-8", "surrogatepass")
        # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        message += len(encoded).to_bytes(4, "big") + encoded
    key = current_app.config["BLIND_INDEX_KEY"]
    return hmac.new(key, bytes(message), hashlib.sha256).digest()[:INDEX_BYTES].hex()
