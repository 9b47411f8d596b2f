"""The attacker's audit: each hidden figure's smallest and largest value, by linear programme.

The reader knows every published figure, that "<5" is 1 to 4 and "[c]" is 0 or more, and every
relation of the release (lines that add up, bounds between figures). scipy.optimize.linprog
minimises and maximises each hidden figure subject to all of that at once, so relations across
tables, rows and columns combine as a real attacker would combine them. `protect` runs it after
its interval reasoning; the tests run it over generated tables, the demo and every filter.
Every relation is a sum or an order between counts, so the programme's corners are whole
numbers and every whole number between a figure's bounds is possible.
"""

from __future__ import annotations

from math import ceil, floor

import numpy as np
from scipy.optimize import linprog

from shared.reports.suppression import MIN_VALUES, Release, label_bounds

BIG = 10**7  # "no upper bound" in the programme, far above any count


class Programme:
    """The linear programme of one release with its hidden figures as the unknowns."""

    def __init__(self, release: Release, hidden: dict):
        self.keys = sorted(hidden, key=repr)
        self.index = {k: i for i, k in enumerate(self.keys)}
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for parts, total in release.lines:
            row = self._row([(k, 1) for k in parts] + [(total, -1)], release)
            if row is not None:
                a_eq.append(row[0]), b_eq.append(-row[1])
        for low, high in release.at_most:
            row = self._row([(low, 1), (high, -1)], release)
            if row is not None:
                a_ub.append(row[0]), b_ub.append(-row[1])
        self.a_eq = np.array(a_eq) if a_eq else None
        self.b_eq = np.array(b_eq) if b_eq else None
        self.a_ub = np.array(a_ub) if a_ub else None
        self.b_ub = np.array(b_ub) if b_ub else None
        self.bounds = [tuple(b if b != float("inf") else BIG for b in label_bounds(hidden[k]))
                       for k in self.keys]

    def _row(self, terms, release: Release):
        row, constant, any_hidden = np.zeros(len(self.keys)), 0, False
        for key, sign in terms:
            if key in self.index:
                row[self.index[key]] += sign
                any_hidden = True
            else:
                constant += sign * release.values[key]
        return (row, constant) if any_hidden else None

    def range_of(self, key) -> tuple[int, int]:
        """(smallest, largest) whole value KEY can take."""
        objective = np.zeros(len(self.keys))
        objective[self.index[key]] = 1
        low, high = self._solve(objective), -self._solve(-objective)
        return ceil(low - 1e-6), floor(high + 1e-6)

    def wide(self, key, value: int) -> bool:
        """Whether KEY (truly VALUE) keeps MIN_VALUES values; one programme often settles it."""
        objective = np.zeros(len(self.keys))
        objective[self.index[key]] = 1
        high = floor(-self._solve(-objective) + 1e-6)
        if high - value + 1 >= MIN_VALUES:
            return True
        return high - ceil(self._solve(objective) - 1e-6) + 1 >= MIN_VALUES

    def _solve(self, objective) -> float:
        answer = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, A_ub=self.a_ub,
                         b_ub=self.b_ub, bounds=self.bounds, method="highs")
        if answer.status != 0:  # the true figures are always a solution
            raise ValueError(f"suppression audit: {answer.message}")
        return float(answer.fun)


def ranges(release: Release, hidden: dict) -> dict:
    """{hidden figure: (smallest, largest)} a reader can prove, whole numbers."""
    programme = Programme(release, hidden)
    return {key: programme.range_of(key) for key in programme.keys}


def exposed(release: Release, hidden: dict) -> dict:
    """The hidden figures a reader can narrow to fewer than MIN_VALUES values, with ranges."""
    return {k: r for k, r in ranges(release, hidden).items() if r[1] - r[0] + 1 < MIN_VALUES}


def first_exposed(release: Release, hidden: dict):
    """The first hidden figure a reader can narrow too far, or None."""
    if not hidden:
        return None
    programme = Programme(release, hidden)
    for key in programme.keys:
        if not programme.wide(key, release.values[key]):
            return key
    return None
