"""Small-number suppression: no hidden figure can be narrowed to fewer than three values.

The audit (tests/reports/audit.py) is a linear programme over every published figure, so it
combines rows, columns and tables as an attacker would.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.reports.audit import exposed
from shared.reports.suppression import (
    SECONDARY_LABEL,
    SMALL_LABEL,
    Release,
    Table,
    protect,
    render,
    suppress,
)

COUNTS = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw, name="t"):
    n_rows, n_cols = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    values = draw(st.lists(st.lists(COUNTS, min_size=n_cols, max_size=n_cols),
                           min_size=n_rows, max_size=n_rows))
    return Table(name, "T", [f"c{i}" for i in range(n_cols)],
                 [(str(i), f"r{i}") for i in range(n_rows)], values,
                 row_totals=draw(st.booleans()) and n_cols > 1, column_totals=draw(st.booleans()))


def _release(table: Table):
    release = Release()
    keys = release.add_table(table)
    return release, keys


@settings(max_examples=150, deadline=None)
@given(tables())
def test_counts_of_one_to_four_are_hidden_and_others_shown_as_given_or_c(table):
    grid, shown = table.grid(), suppress(table)
    for r, row in enumerate(shown.rows):
        for c, cell in enumerate(row["cells"]):
            if 1 <= grid[r][c] <= 4:  # "[c]" only where "<5" would say too much
                assert cell in (SMALL_LABEL, SECONDARY_LABEL)
            else:
                assert cell in (grid[r][c], SECONDARY_LABEL), (grid, shown.rows)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_the_linear_programme_narrows_no_hidden_cell_below_three_values(table):
    release, _ = _release(table)
    hidden = protect(release)
    assert exposed(release, hidden) == {}, (table.grid(), hidden)


@st.composite
def linked_tables(draw):
    """Two breakdowns of the same referrals (shared total) and an engaged column <= referred."""
    n = draw(st.integers(1, 6))
    referred = draw(st.lists(COUNTS, min_size=n, max_size=n))
    engaged = [draw(st.integers(0, r)) for r in referred]
    total = sum(referred)
    other = draw(st.lists(COUNTS, min_size=1, max_size=5))
    other[-1] = max(0, total - sum(other[:-1]))
    if sum(other) != total:
        other = [total]
    return referred, engaged, other


@settings(max_examples=150, deadline=None)
@given(linked_tables())
def test_figures_linked_across_tables_are_protected_together(data):
    referred, engaged, other = data
    first = Table("a", "A", ["Referred", "Engaged"], [(str(i), str(i)) for i in range(len(
        referred))], [list(pair) for pair in zip(referred, engaged, strict=True)],
        column_totals=True)
    second = Table("b", "B", ["Referrals"], [(str(i), str(i)) for i in range(len(other))],
                   [[v] for v in other], column_totals=True)
    release = Release()
    release.add(("referrals",), sum(referred))
    keys = release.add_table(first, {(len(referred), 0): ("referrals",)})
    release.add_table(second, {(len(other), 0): ("referrals",)})
    release.at_most += [(keys[(r, 1)], keys[(r, 0)]) for r in range(len(referred))]
    hidden = protect(release)
    assert exposed(release, hidden) == {}, (data, hidden)
    shown_first = render(first, keys, hidden)
    assert shown_first.rows[-1]["cells"][0] == hidden.get(("referrals",), sum(referred))


def test_the_gender_example_of_issue_14_cannot_be_worked_back():
    # Engaged: Female 6, Male 5, three counts of 1, Total 14: each "<5" was exactly 1.
    table = Table("g", "Gender", ["Engaged"], [(str(i), str(i)) for i in range(5)],
                  [[6], [5], [1], [1], [1]], column_totals=True)
    release, keys = _release(table)
    hidden = protect(release)
    assert exposed(release, hidden) == {}
    cells = [row["cells"][0] for row in render(table, keys, hidden).rows]
    assert cells[2:5] == [SMALL_LABEL] * 3 and SECONDARY_LABEL in cells


def test_a_true_zero_is_shown_as_zero_and_never_as_fewer_than_five():
    table = Table("t", "T", ["Referred", "Engaged"], [("a", "a"), ("b", "b")],
                  [[0, 0], [17, 9]], column_totals=True)
    assert [row["cells"] for row in suppress(table).rows] == [[0, 0], [17, 9], [17, 9]]


def test_a_lone_small_count_in_a_row_gets_a_partner_so_the_total_does_not_reveal_it():
    table = Table("t", "T", ["a", "b", "c"], [("x", "x"), ("y", "y")],
                  [[3, 20, 30], [10, 12, 15]], row_totals=True, column_totals=True)
    first_row = suppress(table).rows[0]["cells"]
    assert first_row[0] == SMALL_LABEL
    assert sum(1 for cell in first_row if not isinstance(cell, int)) >= 2


def test_two_fours_that_add_up_to_a_shown_eight_are_protected_by_hiding_more():
    table = Table("t", "T", ["n"], [("a", "a"), ("b", "b")], [[4], [4]], column_totals=True)
    cells = [row["cells"][0] for row in suppress(table).rows]
    assert cells[:2] == [SMALL_LABEL, SMALL_LABEL] and cells[2] == SECONDARY_LABEL
