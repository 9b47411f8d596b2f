"""Small-number suppression: the one place every figure passes through before it leaves.

Primary: a count from 1 to 4 is shown as "<5". Secondary: after that, every line of the table
(each row with its row total, each column with its column total, and the totals row and column
with the grand total) is audited as an attacker would: every hidden cell is bounded (a "<5" cell
lies in 0..4, a "[c]" cell is at least 5) and the line's sum is solved for each hidden cell in
turn. Whenever that pins a hidden cell to one value (a line with one hidden cell always does),
one more cell of the line is hidden ("[c]" if 5 or more, "<5" if a zero) and the audit runs
again, until no line pins anything. Interior cells are hidden before totals, smallest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import inf

SMALL, SMALL_LABEL, SECONDARY_LABEL = 4, "<5", "[c]"
Cell = tuple[int, int]


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


def suppress(table: Table) -> SuppressedTable:
    """Apply primary and secondary suppression to TABLE, with its totals."""
    grid = _with_totals(table)
    hidden = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if 1 <= v <= SMALL}
    lines = _lines(table, len(grid), len(grid[0]) if grid else 0)
    interior = _interior(table, grid)
    while True:
        extra = _first_unprotected(grid, hidden, lines, interior)
        if extra is None:
            break
        hidden.add(extra)
    return _render(table, grid, hidden)


def display(value: int, is_hidden: bool) -> int | str:
    """What a reader sees for one count."""
    if not is_hidden:
        return value
    return SMALL_LABEL if value <= SMALL else SECONDARY_LABEL


def bounds(value: int, is_hidden: bool) -> tuple[float, float]:
    """What a reader knows about one cell: its value, or the range its label implies."""
    if not is_hidden:
        return value, value
    return (0, SMALL) if value <= SMALL else (SMALL + 1, inf)


def pinned_cells(line: list[Cell], total: Cell, grid, hidden: set[Cell]) -> list[Cell]:
    """Hidden cells of a line (cells summing to TOTAL) that its sum fixes to one value."""
    members = [(cell, 1) for cell in line] + [(total, -1)]
    known = sum(sign * grid[r][c] for (r, c), sign in members if (r, c) not in hidden)
    unknown = [(cell, sign) for cell, sign in members if cell in hidden]
    pinned = []
    for cell, sign in unknown:
        # sign*x = -known - sum(others): interval arithmetic over the others' bounds.
        low, high = -known, -known
        for other, other_sign in unknown:
            if other == cell:
                continue
            lo, hi = bounds(grid[other[0]][other[1]], True)
            lo, hi = (-hi, -lo) if other_sign > 0 else (lo, hi)
            low, high = low + lo, high + hi
        if sign < 0:
            low, high = -high, -low
        own_lo, own_hi = bounds(grid[cell[0]][cell[1]], True)
        if max(low, own_lo) >= min(high, own_hi):
            pinned.append(cell)
    return pinned


def _with_totals(table: Table) -> list[list[int]]:
    grid = [list(row) + ([sum(row)] if table.row_totals else []) for row in table.values]
    if table.column_totals and grid:
        grid.append([sum(col) for col in zip(*grid, strict=True)])
    elif table.column_totals:
        grid.append([0] * (len(table.columns) + (1 if table.row_totals else 0)))
    return grid


def _lines(table: Table, n_rows: int, n_cols: int) -> list[tuple[list[Cell], Cell]]:
    """(cells, total cell) for every additive line, the totals row and column included."""
    lines = []
    if table.row_totals:
        lines += [([(r, c) for c in range(n_cols - 1)], (r, n_cols - 1)) for r in range(n_rows)]
    if table.column_totals:
        lines += [([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c)) for c in range(n_cols)]
    return lines


def _interior(table: Table, grid) -> set[Cell]:
    last_row = len(grid) - 1 if table.column_totals else None
    last_col = len(grid[0]) - 1 if table.row_totals and grid else None
    return {(r, c) for r in range(len(grid)) for c in range(len(grid[r]))
            if r != last_row and c != last_col}


def _first_unprotected(grid, hidden: set[Cell], lines, interior: set[Cell]) -> Cell | None:
    """The next cell to hide: in the first line that pins a hidden cell, the cheapest one."""
    for cells, total in lines:
        if pinned_cells(cells, total, grid, hidden):
            candidates = [cell for cell in [*cells, total] if cell not in hidden]
            if candidates:
                return min(candidates, key=lambda cell: _cost(grid, cell, interior))
    return None


def _cost(grid, cell: Cell, interior: set[Cell]) -> tuple:
    # Hide a masked zero before a real count, interior before totals, small before large.
    value = grid[cell[0]][cell[1]]
    return (cell not in interior, value != 0, value, cell)


def _render(table: Table, grid, hidden: set[Cell]) -> SuppressedTable:
    labels = list(table.rows) + ([("total", "Total")] if table.column_totals else [])
    rows = [{"key": key, "label": label,
             "cells": [display(v, (r, c) in hidden) for c, v in enumerate(grid[r])]}
            for r, (key, label) in enumerate(labels)]
    columns = list(table.columns) + (["Total"] if table.row_totals else [])
    return SuppressedTable(table.name, table.title, columns, rows, table.note, hidden)
