"""Small-number suppression: no hidden count can be worked out from a row or column sum."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.reports.suppression import SECONDARY_LABEL, SMALL_LABEL, Table, suppress

COUNTS = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw):
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    values = draw(st.lists(st.lists(COUNTS, min_size=n_cols, max_size=n_cols),
                           min_size=n_rows, max_size=n_rows))
    return Table("t", "T", [f"c{i}" for i in range(n_cols)],
                 [(str(i), f"r{i}") for i in range(n_rows)], values,
                 row_totals=draw(st.booleans()) and n_cols > 1, column_totals=draw(st.booleans()))


def _grid(table: Table) -> list[list[int]]:
    grid = [row + ([sum(row)] if table.row_totals else []) for row in table.values]
    if table.column_totals:
        grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def _lines(table: Table, grid) -> list[tuple[list, tuple]]:
    rows, cols = len(grid), len(grid[0])
    lines = []
    if table.row_totals:
        lines += [([(r, c) for c in range(cols - 1)], (r, cols - 1)) for r in range(rows)]
    if table.column_totals:
        lines += [([(r, c) for r in range(rows - 1)], (rows - 1, c)) for c in range(cols)]
    return lines


def _reader_range(shown, cap: int) -> range:
    """What a reader knows about a cell from its label alone."""
    if shown == SMALL_LABEL:
        return range(0, 5)
    if shown == SECONDARY_LABEL:
        return range(5, cap)
    return range(shown, shown + 1)


def _feasible_values(cells, total, shown, target, cap: int) -> set[int]:
    """Every value TARGET can take, given the labels, with the cells summing to the total."""
    sums = {0}  # achievable (sum of the other cells) - (the total), by dynamic programming
    for cell, sign in [(c, 1) for c in cells] + [(total, -1)]:
        if cell == target:
            continue
        sums = {s + sign * v for s in sums for v in _reader_range(shown[cell], cap)}
    sign = -1 if target == total else 1
    return {v for v in _reader_range(shown[target], cap) if sign * v + min(sums) <= 0
            <= sign * v + max(sums) and (0 - sign * v) in sums}


def _shown(result, grid) -> dict:
    return {(r, c): result.rows[r]["cells"][c] for r in range(len(grid))
            for c in range(len(grid[0]))}


@settings(max_examples=300, deadline=None)
@given(tables())
def test_every_count_from_one_to_four_is_shown_as_fewer_than_five(table):
    grid = _grid(table)
    shown = _shown(suppress(table), grid)
    for (r, c), value in shown.items():
        if 1 <= grid[r][c] <= 4:
            assert value == SMALL_LABEL
        elif isinstance(value, int):
            assert value == grid[r][c]
        else:
            assert value == (SMALL_LABEL if grid[r][c] <= 4 else SECONDARY_LABEL)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_row_or_column_ever_has_exactly_one_hidden_cell(table):
    grid = _grid(table)
    shown = _shown(suppress(table), grid)
    for cells, total in _lines(table, grid):
        hidden = [cell for cell in [*cells, total] if not isinstance(shown[cell], int)]
        assert len(hidden) != 1, (grid, shown, cells, total)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_solving_any_row_or_column_sum_never_pins_a_hidden_cell_to_one_value(table):
    grid = _grid(table)
    shown = _shown(suppress(table), grid)
    cap = sum(map(sum, grid)) + 6
    for cells, total in _lines(table, grid):
        for target in [*cells, total]:
            if isinstance(shown[target], int):
                continue
            values = _feasible_values(cells, total, shown, target, cap)
            assert grid[target[0]][target[1]] in values  # the truth is always consistent
            assert len(values) >= 2, (grid, shown, target, values)


def test_a_lone_small_count_in_a_row_gets_a_partner_so_the_total_does_not_reveal_it():
    table = Table("t", "T", ["a", "b", "c"], [("x", "x"), ("y", "y")],
                  [[3, 20, 30], [10, 12, 15]], row_totals=True, column_totals=True)
    result = suppress(table)
    first_row = result.rows[0]["cells"]
    assert first_row[0] == SMALL_LABEL
    assert sum(1 for cell in first_row if not isinstance(cell, int)) >= 2


def test_two_fours_that_add_up_to_a_shown_eight_are_protected_by_hiding_more():
    table = Table("t", "T", ["n"], [("a", "a"), ("b", "b")], [[4], [4]], column_totals=True)
    cells = [row["cells"][0] for row in suppress(table).rows]
    assert cells[:2] == [SMALL_LABEL, SMALL_LABEL] and cells[2] == SECONDARY_LABEL


def test_a_table_without_small_counts_is_shown_unchanged():
    table = Table("t", "T", ["n"], [("a", "a"), ("b", "b")], [[0], [17]], column_totals=True)
    assert [row["cells"] for row in suppress(table).rows] == [[0], [17], [17]]
