"""Small-number suppression over everything published together: the one place figures pass.

A reader is assumed to know that "<5" means 1 to 4, that "[c]" is any count hidden to protect
another (0 or more), and every figure of the release: each table's rows and totals, the
headline, and the relations between tables (the same total shown in several tables, engaged
never more than referred). A `Release` holds those figures as variables (a figure shown in two
places is one variable) and the relations as lines (parts that add up to a total) and bounds
(one figure at most another).

Primary: a count from 1 to 4 is hidden as "<5"; a true zero is shown as 0 (where "<5" itself
would say too much, as three counts of 1 under a hidden total of 3, they show as "[c]").
Secondary: the reader's knowledge is propagated over every line and bound until nothing
changes (interval reasoning). While any hidden figure is narrowed to fewer than `MIN_VALUES`
possible values, by that or by the exact check (shared/reports/audit.py, a linear programme
over the same release), another figure of a line it sits in is hidden as "[c]" (the
cheapest: an interior cell before a total, one that then protects before one that does not,
small before large).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from math import ceil, floor, inf

SMALL, SMALL_LABEL, SECONDARY_LABEL = 4, "<5", "[c]"
MIN_VALUES = 3  # a hidden figure must keep at least this many possible values
Cell = tuple[int, int]
Key = tuple  # a variable's name, e.g. ("gender", 2, 0) or ("referrals",)


@dataclass
class Table:
    """Counts with row and column labels; totals are added only where the columns add up."""

    name: str
    title: str
    columns: list[str]
    rows: list[tuple[str, str]]  # (key, label)
    values: list[list[int]]
    row_totals: bool = False
    column_totals: bool = False
    note: str = ""

    def grid(self) -> list[list[int]]:
        """The values with their totals: a totals column, then a totals row."""
        grid = [list(row) + ([sum(row)] if self.row_totals else []) for row in self.values]
        width = len(self.columns) + (1 if self.row_totals else 0)
        if self.column_totals:
            grid.append([sum(col) for col in zip(*grid, strict=True)] if grid else [0] * width)
        return grid

    def lines(self) -> list[tuple[list[Cell], Cell]]:
        """(cells, total cell) for every additive line, the totals row and column included."""
        grid = self.grid()
        n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
        lines = []
        if self.row_totals:
            lines += [([(r, c) for c in range(n_cols - 1)], (r, n_cols - 1))
                      for r in range(n_rows)]
        if self.column_totals:
            lines += [([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c))
                      for c in range(n_cols)]
        return lines

    def totals(self) -> set[Cell]:
        """The cells that are totals of a line."""
        return {total for _, total in self.lines()}


@dataclass
class SuppressedTable:
    """A table ready to show: each cell is an int, "<5" or "[c]"; totals included."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict]  # {"key", "label", "cells": [...]} - the totals row has key "total"
    note: str = ""
    hidden: set[Cell] = field(default_factory=set)

    def as_dict(self) -> dict:
        """The JSON form used by summary.json."""
        return {"title": self.title, "columns": self.columns, "rows": self.rows,
                "note": self.note}


@dataclass
class Release:
    """Figures published together: values, lines (parts add up to a total) and bounds."""

    values: dict[Key, int] = field(default_factory=dict)
    lines: list[tuple[list[Key], Key]] = field(default_factory=list)
    at_most: list[tuple[Key, Key]] = field(default_factory=list)  # (a, b): a <= b
    totals: set[Key] = field(default_factory=set)
    # Figures shown in several places (the headline's referrals, a programme's total): hidden
    # last of all, after any other figure that could protect.
    prominent: set[Key] = field(default_factory=set)

    def add(self, key: Key, value: int) -> Key:
        """One figure; the same KEY added twice must carry the same value."""
        if self.values.setdefault(key, value) != value:
            raise ValueError(f"figure {key} published with two values")
        return key

    def add_table(self, table: Table, keys: dict[Cell, Key] | None = None) -> dict[Cell, Key]:
        """TABLE's cells as figures (KEYS names shared ones); returns every cell's key."""
        grid, keys = table.grid(), dict(keys or {})
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                self.add(keys.setdefault((r, c), (table.name, r, c)), value)
        for cells, total in table.lines():
            self.lines.append(([keys[cell] for cell in cells], keys[total]))
            self.totals.add(keys[total])
        return keys


def suppress(table: Table) -> SuppressedTable:
    """Apply primary and secondary suppression to TABLE on its own, with its totals."""
    release = Release()
    keys = release.add_table(table)
    return render(table, keys, protect(release))


def render(table: Table, keys: dict[Cell, Key], hidden: dict[Key, str]) -> SuppressedTable:
    """TABLE as shown, each cell's label taken from the release's HIDDEN figures."""
    grid = table.grid()
    labels = list(table.rows) + ([("total", "Total")] if table.column_totals else [])
    shown = {cell for cell, key in keys.items() if key in hidden}
    rows = [{"key": key, "label": label,
             "cells": [hidden.get(keys[(r, c)], v) for c, v in enumerate(grid[r])]}
            for r, (key, label) in enumerate(labels)]
    columns = list(table.columns) + (["Total"] if table.row_totals else [])
    return SuppressedTable(table.name, table.title, columns, rows, table.note, shown)


def label_bounds(label) -> tuple[float, float]:
    """What a label alone tells a reader: "<5" is 1..4, "[c]" is 0 or more."""
    return (1, SMALL) if label == SMALL_LABEL else (0, inf)


_CACHE: OrderedDict[str, dict[Key, str]] = OrderedDict()
CACHE_SIZE = 64


def protect(release: Release) -> dict[Key, str]:
    """{figure: "<5" or "[c]"} for every figure RELEASE must hide (the same figures give the
    same answer, so it is kept per process: a sparse year's linear programmes take a second
    or two, and the figures change only when a case does)."""
    fingerprint = hashlib.sha256(repr((sorted(release.values.items(), key=repr),
                                        release.lines, release.at_most)).encode()).hexdigest()
    if fingerprint in _CACHE:
        _CACHE.move_to_end(fingerprint)
        return dict(_CACHE[fingerprint])
    hidden = _protect(release)
    _CACHE[fingerprint] = dict(hidden)
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return hidden


def _protect(release: Release) -> dict[Key, str]:
    hidden = {k: SMALL_LABEL for k, v in release.values.items() if 1 <= v <= SMALL}
    members = _members(release)
    from shared.reports.audit import first_exposed  # scipy, loaded only when counting

    while True:
        ranges = propagate(release, hidden)
        # The narrowest first, the latest hidden on a tie (a partner just hidden and pinned by
        # its own other line needs its own partner), and one with an interior figure beside it
        # before one whose lines have only totals left.
        order = {k: -i for i, k in enumerate(hidden)}  # the latest hidden first on a tie
        exposed_all = sorted((k for k in hidden if narrow(ranges[k])),
                             key=lambda k: (ranges[k][1] - ranges[k][0], order[k]))
        if not exposed_all:  # interval reasoning is blind to some combinations; the LP is not
            exposed_all = [k for k in [first_exposed(release, hidden)] if k is not None]
        if not exposed_all:
            return hidden
        exposed = next((k for k in exposed_all if _has_interior(release, hidden, k, members)),
                       exposed_all[0])
        extra = _partner(release, hidden, exposed, members)
        if extra is not None:
            hidden[extra] = SECONDARY_LABEL
            continue
        # Everything around it is hidden and "<5" itself says too much (three counts of 1
        # under a total of 3): the joined "<5" figures are shown as "[c]" (0 or more) instead.
        small = [k for k in _joined(exposed, hidden, members) if hidden[k] == SMALL_LABEL]
        if not small:
            return hidden
        hidden.update(dict.fromkeys(small, SECONDARY_LABEL))


def narrow(bounds: tuple[float, float]) -> bool:
    """True when a hidden figure's range holds fewer than MIN_VALUES whole numbers."""
    low, high = bounds
    return high != inf and floor(high + 1e-9) - ceil(low - 1e-9) + 1 < MIN_VALUES


def _members(release: Release) -> dict[Key, list[list[Key]]]:
    members = defaultdict(list)
    for parts, total in release.lines:
        for key in [*parts, total]:
            members[key].append([*parts, total])
    for low, high in release.at_most:
        members[low].append([low, high])
        members[high].append([low, high])
    return members


def _has_interior(release: Release, hidden: dict, exposed: Key, members) -> bool:
    return any(k not in release.prominent
               for k in _beside(exposed, hidden, members, release.prominent))


def _partner(release: Release, hidden: dict, exposed: Key, members) -> Key | None:
    """The cheapest figure beside EXPOSED whose hiding protects it (or just the cheapest)."""
    # A hidden zero is often pinned again at once (its row is known), so counts come first.
    candidates = sorted(_beside(exposed, hidden, members, release.prominent),
                        key=lambda k: (k in release.prominent, k in release.totals,
                                       release.values[k] == 0, release.values[k], repr(k)))
    # A figure shown in several places is hidden only when nothing else is left: another one
    # that does not protect on its own still narrows the reader's choice, and more follow.
    interior = [k for k in candidates if k not in release.prominent] or candidates
    safe = []  # hidden, it would not itself be narrowed at once (a zero in a zero line would)
    for key in interior[:40]:
        trial = propagate(release, {**hidden, key: SECONDARY_LABEL})
        if narrow(trial[key]):
            continue
        if not narrow(trial[exposed]):
            return key
        safe.append(key)
    counts = [k for k in interior if release.values[k] != 0]
    return (safe or counts or interior or [None])[0]


def _joined(exposed: Key, hidden: dict, members) -> set[Key]:
    seen, frontier = {exposed}, [exposed]
    while frontier:
        found = {k for key in frontier for line in members[key] for k in line if k in hidden}
        frontier = [k for k in found if k not in seen]
        seen.update(frontier)
    return seen


def _beside(exposed: Key, hidden: dict, members, totals: frozenset | set = frozenset()
            ) -> set[Key]:
    # Shown figures on EXPOSED's lines; if all are hidden already (or only totals are left),
    # those of the hidden figures it is joined to, and so on outwards: an interior figure a
    # step away is hidden before a total beside it.
    seen, frontier, fallback = {exposed}, [exposed], set()
    while frontier:
        found = {k for key in frontier for line in members[key] for k in line}
        shown = {k for k in found if k not in hidden}
        interior = {k for k in shown if k not in totals}
        if interior:
            return interior
        fallback = fallback or shown
        frontier = [k for k in found if k in hidden and k not in seen]
        seen.update(frontier)
    return fallback


def propagate(release: Release, hidden: dict[Key, str]) -> dict[Key, tuple[float, float]]:
    """The range a reader can put on each hidden figure, by interval reasoning to a fixpoint."""
    ranges = {k: label_bounds(label) for k, label in hidden.items()}
    for _ in range(50):
        changed = False
        for parts, total in release.lines:
            changed |= _tighten_line(release, ranges, parts, total)
        for low, high in release.at_most:
            changed |= _tighten_order(release, ranges, low, high)
        if not changed:
            break
    return ranges


def _range(release: Release, ranges: dict, key: Key) -> tuple[float, float]:
    value = release.values[key]
    return ranges.get(key, (value, value))


def _tighten_line(release: Release, ranges: dict, parts: list[Key], total: Key) -> bool:
    # parts - total = 0: each hidden term lies within minus the sum of the others' ranges.
    terms = [(k, 1) for k in parts] + [(total, -1)]
    if not any(k in ranges for k, _ in terms):
        return False
    signed = [(k, _signed(_range(release, ranges, k), s)) for k, s in terms]
    low_sum, high_sum = sum(lo for _, (lo, _h) in signed), sum(hi for _, (_l, hi) in signed)
    changed = False
    for (key, sign), (_, (lo, hi)) in zip(terms, signed, strict=True):
        if key not in ranges:
            continue
        # This term lies in [-(high_sum - hi), -(low_sum - lo)] (inf - inf stays open).
        rest_high = high_sum - hi if hi != inf else _sum_without(signed, key, high=True)
        rest_low = low_sum - lo if lo != -inf else _sum_without(signed, key, high=False)
        new = _signed((-rest_high, -rest_low), sign)
        changed |= _meet(ranges, key, new)
    return changed


def _sum_without(signed, key: Key, high: bool) -> float:
    return sum((hi if high else lo) for k, (lo, hi) in signed if k != key)


def _signed(bounds: tuple[float, float], sign: int) -> tuple[float, float]:
    return bounds if sign > 0 else (-bounds[1], -bounds[0])


def _tighten_order(release: Release, ranges: dict, low: Key, high: Key) -> bool:
    changed = False
    if low in ranges:
        changed |= _meet(ranges, low, (-inf, _range(release, ranges, high)[1]))
    if high in ranges:
        changed |= _meet(ranges, high, (_range(release, ranges, low)[0], inf))
    return changed


def _meet(ranges: dict, key: Key, new: tuple[float, float]) -> bool:
    lo, hi = ranges[key]
    tightened = (max(lo, new[0]), min(hi, new[1]))
    if tightened != (lo, hi) and tightened[0] <= tightened[1] + 1e-9:
        ranges[key] = tightened
        return True
    return False
