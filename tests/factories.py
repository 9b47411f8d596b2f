"""Builders shared by the tests."""

from __future__ import annotations

from datetime import date, timedelta


def born_years_ago(years: int) -> date:
    """A date of birth that makes someone YEARS old on the suite's today, far from a birthday.

    Fixed dates of birth are time bombs (17 today, 18 next year, outside the programme's ages
    in a few years): tests derive them from the clock instead.
    """
    return date.today() - timedelta(days=round(365.25 * years) + 120)
