"""Importing the training roster and the staff-in-strand numbers from CSV: all rows or none.

Two files, told apart by their header row (the upload page documents both and offers
templates):

* roster: ``strand,bcu,trained_on`` - one row per officer trained (no names);
* staff:  ``strand,bcu,staff`` - staff in a strand, per BCU, or across London when BCU is empty.

Each import replaces the previous roster (or staff numbers) as a whole, so importing the same
file twice changes nothing. Every cell is data: nothing is ever evaluated, and a cell that looks
like a spreadsheet formula is simply an unknown strand, BCU, date or number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select

from divert.training.models import StrandStaff, TrainingRecord
from shared.audit import services as audit
from shared.cases.choices import STRANDS
from shared.clock import today
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu

ROSTER_COLUMNS = ("strand", "bcu", "trained_on")
STAFF_COLUMNS = ("strand", "bcu", "staff")
MAX_ROWS = 50_000
MAX_REPORTED = 50
MAX_STAFF = 100_000
EARLIEST = date(2020, 1, 1)
ROSTER_TEMPLATE = "strand,bcu,trained_on\nNeighbourhood,CN,2023-05-15\n" \
                  "Local Investigation,AS,2023-08-07\n"
STAFF_TEMPLATE = "strand,bcu,staff\nNeighbourhood,CN,41\nNeighbourhood,AS,44\n" \
                 "Public Protection,,160\n"
_STRAND_BY_TEXT = {**{k: k for k in STRANDS}, **{v.casefold(): k for k, v in STRANDS.items()}}


@dataclass
class ImportResult:
    """What an import did: which file it was and how many rows it wrote."""

    kind: str
    rows: int


@dataclass
class ImportRefused(Exception):
    """The file was refused; ``problems`` are (line, message), line 0 for the whole file."""

    problems: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The problems as sentences, at most MAX_REPORTED of them."""
        shown = [f"Line {n}: {m}" if n else m for n, m in self.problems[:MAX_REPORTED]]
        if len(self.problems) > MAX_REPORTED:
            shown.append(f"... and {len(self.problems) - MAX_REPORTED} more problems")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


def import_csv(raw: bytes) -> ImportResult:
    """Validate every row of a roster or staff CSV, then replace the stored set in one go."""
    reader = _reader(_decode(raw))
    kind = _kind(reader.fieldnames)
    rows, problems = _validate(reader, kind)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([(0, "The file has a header row but no data rows")])
    _replace(kind, rows)
    audit.record("change", "training_" + kind, detail=f"imported {len(rows)} rows")
    return ImportResult(kind, len(rows))


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([(0, "The file must be a CSV saved as UTF-8")]) from None
    if "\x00" in text:
        raise ImportRefused([(0, "The file must be a CSV (text), not a spreadsheet or other "
                                 "binary file")])
    return text


def _reader(text: str) -> csv.DictReader:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="_extra")
    try:
        names = reader.fieldnames
    except csv.Error as error:
        raise ImportRefused([(1, f"the header row cannot be read ({error})")]) from None
    if names is None:
        raise ImportRefused([(0, "The file is empty")])
    reader.fieldnames = [(name or "").strip().lower() for name in names]
    return reader


def _kind(names: list[str]) -> str:
    if tuple(names) == ROSTER_COLUMNS:
        return "roster"
    if tuple(names) == STAFF_COLUMNS:
        return "staff"
    return _refuse_header(names)


def _refuse_header(names: list[str]) -> str:
    shown = ",".join(names)[:200]
    raise ImportRefused([(1, f"the header row must be exactly '{','.join(ROSTER_COLUMNS)}' "
                             f"(roster) or '{','.join(STAFF_COLUMNS)}' (staff numbers), "
                             f"not '{shown}'")])


def _validate(reader: csv.DictReader, kind: str) -> tuple[list[dict], list[tuple[int, str]]]:
    bcus = {code: bcu_id for code, bcu_id in db.session.execute(select(Bcu.code, Bcu.id))}
    check = _roster_row if kind == "roster" else _staff_row
    rows, problems, seen = [], [], {}
    try:
        for record in reader:
            line = reader.line_num
            if len(rows) + len(problems) >= MAX_ROWS:
                problems.append((line, f"a file may have at most {MAX_ROWS:,} rows"))
                break
            if not any((value or "").strip() for key, value in record.items() if key != "_extra"):
                continue  # blank lines are harmless
            row, messages = check(record, bcus)
            if kind == "staff" and not messages:
                messages = _duplicate(seen, (row["strand"], row["bcu_id"]), line)
            problems.extend((line, message) for message in messages)
            if not messages:
                rows.append(row)
    except csv.Error as error:
        problems.append((reader.line_num, f"the row cannot be read as CSV ({error})"))
    return rows, problems


def _duplicate(seen: dict, key, line: int) -> list[str]:
    if key in seen:
        return [f"the same strand and BCU were already given on line {seen[key]}"]
    seen[key] = line
    return []


def _common(record: dict, bcus: dict, bcu_required: bool) -> tuple[dict, list[str]]:
    messages, row = [], {}
    if record.get("_extra"):
        messages.append("the row has more cells than the header")
    strand = _STRAND_BY_TEXT.get(_cell(record, "strand").casefold())
    if strand is None:
        messages.append(f"strand {_quote(record, 'strand')} is not one of "
                        + ", ".join(STRANDS.values()))
    code = _cell(record, "bcu").upper()
    if code and code not in bcus:
        messages.append(f"BCU {_quote(record, 'bcu')} is not a BCU code (such as CN or AS)")
    elif not code and bcu_required:
        messages.append("the BCU code is missing")
    row.update(strand=strand, bcu_id=bcus.get(code))
    return row, messages


def _roster_row(record: dict, bcus: dict) -> tuple[dict, list[str]]:
    row, messages = _common(record, bcus, bcu_required=True)
    trained_on = _parse_date(_cell(record, "trained_on"))
    if trained_on is None:
        messages.append(f"trained date {_quote(record, 'trained_on')} is not a date like "
                        "2023-05-15 or 15/05/2023")
    elif not EARLIEST <= trained_on <= today():
        messages.append(f"trained date {trained_on:%d/%m/%Y} must be between "
                        f"{EARLIEST:%d/%m/%Y} and today")
    row["trained_on"] = trained_on
    return row, messages


def _staff_row(record: dict, bcus: dict) -> tuple[dict, list[str]]:
    row, messages = _common(record, bcus, bcu_required=False)
    text = _cell(record, "staff")
    staff = int(text) if text.isascii() and text.isdigit() else None
    if staff is None or staff > MAX_STAFF:
        messages.append(f"staff {_quote(record, 'staff')} is not a whole number from 0 to "
                        f"{MAX_STAFF:,}")
    row["staff"] = staff
    return row, messages


def _parse_date(text: str) -> date | None:
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day)) if len(year) == 4 else None
    except ValueError:
        return None


def _cell(record: dict, name: str) -> str:
    value = record.get(name)
    return value.strip() if isinstance(value, str) else ""


def _quote(record: dict, name: str) -> str:
    value = _cell(record, name)
    # Echoed as data (the page escapes it); long junk is cut so the report stays readable.
    return f"'{value[:40]}{'...' if len(value) > 40 else ''}'" if value else "(empty)"


def _replace(kind: str, rows: list[dict]) -> None:
    model = TrainingRecord if kind == "roster" else StrandStaff
    now = utcnow()
    db.session.execute(delete(model))
    db.session.execute(insert(model), [{**row, "imported_at": now} for row in rows])
