"""Search within scope: by case reference, surname (with or without first name), date of birth.

Never on plaintext: candidates come off blind indexes (shared/people/models.py), within the
user's scope, and are filtered after decryption. With a date of birth, a surname's candidates
are those with the keyed hash of its first three letters plus the birth year (a compound index,
in the manner of CipherSweet's) and the date of birth's own hash; without one, the exact
surname's hash first, then its first three letters'. So a shortened or mistyped surname still
finds the person as long as the first three letters are right; decryption then keeps only the
surnames within a small edit distance. docs/performance.md gives the false-positive rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select

from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.scoping import scoped_cases
from shared.crypto.blind_index import blind_index, normalise
from shared.extensions import db
from shared.people.models import (
    DOB,
    PREFIX_LENGTH,
    SURNAME,
    SURNAME_PREFIX,
    SURNAME_PREFIX_YEAR,
    Person,
    search_key,
)
from shared.refusals import ServiceError

# Candidates read and decrypted per search at most: past this, ask for more to search by.
CANDIDATE_CAP = 200
RESULT_CAP = 50


class SearchRefused(ServiceError):
    """A search that cannot be run as asked."""


@dataclass
class SearchResult:
    """The cases found, and how many candidates the blind index gave (for the measurement)."""

    cases: list[Case] = field(default_factory=list)
    candidates: int = 0
    capped: bool = False


def search(user: User, reference: str | None = None, surname: str | None = None,
           first_name: str | None = None, date_of_birth: date | None = None) -> SearchResult:
    """The cases within USER's scope that match; reference wins over the other fields."""
    if reference and reference.strip():
        return _by_reference(user, reference)
    key = search_key(surname)
    if surname and len(key) < PREFIX_LENGTH:
        raise SearchRefused(f"Enter at least {PREFIX_LENGTH} letters of the surname", "surname")
    if not key and date_of_birth is None:
        raise SearchRefused("Enter a case reference, a surname or a date of birth", "surname")
    candidates = _candidates(user, key, date_of_birth)
    capped = len(candidates) > CANDIDATE_CAP
    candidates = candidates[:CANDIDATE_CAP]
    wanted_first = normalise(first_name or "")
    found = [c for c in candidates
             if _matches(c.person, key, wanted_first, date_of_birth)][:RESULT_CAP]
    return SearchResult(found, len(candidates), capped)


def _by_reference(user: User, reference: str) -> SearchResult:
    wanted = "".join(reference.split()).upper()
    found = db.session.scalars(scoped_cases(user).where(Case.reference == wanted)).unique().all()
    return SearchResult(list(found), len(found))


def _candidates(user: User, key: str, date_of_birth: date | None) -> list[Case]:
    if key and date_of_birth is not None:
        # Both indexes at once: the same date of birth and the same first three letters,
        # so a slip after the third letter still finds the person among very few candidates.
        index = blind_index(SURNAME_PREFIX_YEAR, key[:PREFIX_LENGTH], str(date_of_birth.year))
        return _read(user, Person.surname_prefix_year_index == index,
                     Person.dob_index == blind_index(DOB, date_of_birth.isoformat()))
    if key:
        # The surname as typed first (exact), then those sharing its first three letters.
        exact = _read(user, Person.surname_index == blind_index(SURNAME, key))
        seen = {case.id for case in exact}
        prefix = _read(user, Person.surname_prefix_index == blind_index(
            SURNAME_PREFIX, key[:PREFIX_LENGTH]))
        return exact + [case for case in prefix if case.id not in seen]
    return _read(user, Person.dob_index == blind_index(DOB, date_of_birth.isoformat()))


def _read(user: User, *conditions) -> list[Case]:
    query: Select = (scoped_cases(user).join(Case.person)
                     .where(*conditions, Person.erased_at.is_(None))
                     # Newest first: the referral a worker is most likely looking for.
                     .order_by(Case.submitted_at.desc(), Case.id.desc()).limit(CANDIDATE_CAP + 1))
    return list(db.session.scalars(query).unique())


def _matches(person: Person, key: str, first: str, date_of_birth: date | None) -> bool:
    if date_of_birth is not None and person.date_of_birth != date_of_birth:
        return False
    if key and not surname_matches(key, search_key(person.last_name)):
        return False
    return not first or _first_name_matches(first, normalise(person.first_name or ""))


def surname_matches(typed: str, actual: str) -> bool:
    """Whether a typed surname is the actual one, shortened or with a slip or two."""
    if actual.startswith(typed):
        return True
    allowed = 1 if len(typed) <= 5 else 2
    # Shortened and mistyped at once: compare with the actual surname cut to the typed length.
    return min(edit_distance(typed, actual), edit_distance(typed, actual[:len(typed)])) <= allowed


def _first_name_matches(typed: str, actual: str) -> bool:
    return actual.startswith(typed) or edit_distance(typed, actual[:len(typed)]) <= 1


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance: typing slips, swaps included."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
