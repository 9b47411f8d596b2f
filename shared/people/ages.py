"""Ages and the coarse age bands kept in the clear for statistics: written once."""

from __future__ import annotations

from datetime import date

# (lowest age, highest age, band): the bands every programme's statistics use.
AGE_BAND_RANGES = ((10, 13, "10-13"), (14, 17, "14-17"), (18, 21, "18-21"), (22, 25, "22-25"))
AGE_BANDS = tuple(band for _, _, band in AGE_BAND_RANGES)
ADULT_AGE = 18


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on a date."""
    return on.year - date_of_birth.year - ((on.month, on.day) <
                                           (date_of_birth.month, date_of_birth.day))


def band_for_age(age: int) -> str | None:
    """The coarse age band for a whole-years age (None outside 10-25)."""
    return next((band for low, high, band in AGE_BAND_RANGES if low <= age <= high), None)


def age_band_for(date_of_birth: date, on: date) -> str | None:
    """The age band of someone born on DATE_OF_BIRTH, on ON; None outside 10-25."""
    return band_for_age(age_on(date_of_birth, on))
