"""Human-readable, unguessable case references such as DV-7K3M-Q9."""

from __future__ import annotations

import secrets

from sqlalchemy import exists, select

from shared import seams
from shared.extensions import db

# No 0/O, 1/I/L or U: easy to read aloud over a radio and to type on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(programme: str) -> str:
    """A fresh reference with the programme's prefix, not yet used (30^6 per prefix)."""
    from shared.cases.models import Case

    prefix = seams.programme(programme).reference_prefix
    for _ in range(10):
        body = "".join(secrets.choice(ALPHABET) for _ in range(6))
        reference = f"{prefix}-{body[:4]}-{body[4:]}"
        if not db.session.scalar(select(exists().where(Case.reference == reference))):
            return reference
    raise RuntimeError("could not find an unused case reference")  # vanishingly unlikely
