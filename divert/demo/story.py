"""The demo year, 2023-24: when each of PCD 1295's 26 referrals came and how fast it moved.

Fixed dates, so the demo tells the same story on whatever day it is loaded (the services run
at these moments through shared.clock.story_at). The DIVERT App went live with the training:
Neighbourhood officers from May 2023, Local Investigation and Public Protection (CID and PP)
from August, so no referral comes from a CID or PP officer before August.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from shared.clock import LONDON
from shared.people.ages import age_on

YEAR_START, YEAR_END = date(2023, 4, 1), date(2024, 3, 31)
NEIGHBOURHOOD_FROM, CID_FROM = date(2023, 5, 1), date(2023, 8, 1)
# The day each referral (index as in load.referral_plan) was received: the 11 engaged first,
# then awaiting triage (the last days of March), declined, no further action, accepted, plan
# agreed, handed off, and closed after engagement.
RECEIVED = (
    date(2023, 5, 16), date(2023, 6, 7), date(2023, 8, 22), date(2023, 10, 10),
    date(2023, 12, 5), date(2023, 5, 24), date(2023, 7, 11), date(2023, 9, 5),
    date(2023, 10, 24), date(2023, 11, 14), date(2024, 1, 16),
    date(2024, 3, 25), date(2024, 3, 27), date(2024, 3, 28),
    date(2023, 6, 20), date(2023, 9, 19), date(2024, 1, 9),
    date(2023, 7, 25), date(2023, 11, 28), date(2024, 2, 13),
    date(2024, 3, 5), date(2024, 3, 12), date(2024, 2, 20), date(2024, 2, 27),
    date(2023, 8, 8), date(2023, 9, 26),
)
# Working days a coordinator took to triage, and days from hand-off to the first contact.
TRIAGE_DAYS = (1, 2, 3, 1, 2, 4, 1, 2, 3, 2, 1, 0, 5)
CONTACT_DAYS = (3, 5, 4, 7, 6, 3, 9, 5, 4, 6, 8)
# Postcode districts in each demo borough (the sector and unit are made up).
DISTRICTS = {
    "Camden": ("NW1", "NW3", "NW5", "WC1H"), "Islington": ("N1", "N7", "N19"),
    "Hackney": ("E5", "E8", "N16"), "Southwark": ("SE1", "SE5", "SE15"),
    "Lambeth": ("SW2", "SW9", "SE11"), "Croydon": ("CR0", "CR7"),
    "Newham": ("E6", "E13", "E15"), "Brent": ("NW10", "HA9"), "Haringey": ("N8", "N15", "N17"),
    "Enfield": ("EN1", "EN3", "N9"), "Barnet": ("N12", "NW9", "EN5"), "Harrow": ("HA1", "HA3"),
    "Barking and Dagenham": ("IG11", "RM10"), "Havering": ("RM1", "RM3"),
    "Redbridge": ("IG1", "IG2"), "Bromley": ("BR1", "BR2"), "Sutton": ("SM1", "SM3"),
    "Lewisham": ("SE4", "SE13", "SE6"), "Greenwich": ("SE10", "SE18"), "Bexley": ("DA5", "DA7"),
}
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's unit uses
OLDER = ("College", "University", "Apprentice", "Not in education or work", "Retail job",
         "Warehouse job")


def received_at(index: int) -> datetime:
    """When referral INDEX arrived (a weekday afternoon, London time)."""
    hour = 10 + (index * 5) % 8
    return datetime.combine(RECEIVED[index], time(hour, (index * 17) % 60), tzinfo=LONDON)


def triaged_at(index: int) -> datetime:
    """When the coordinator triaged referral INDEX."""
    moment = received_at(index) + timedelta(days=TRIAGE_DAYS[index % len(TRIAGE_DAYS)])
    return moment.replace(hour=11, minute=(index * 7) % 60)


def first_contact_on(index: int) -> date:
    """The day the partner first met young person INDEX (after the hand-off)."""
    return (triaged_at(index) + timedelta(days=2 + CONTACT_DAYS[index % len(CONTACT_DAYS)])
            ).date()


def strand_for(index: int, rng: random.Random) -> str:
    """The referring officer's strand: only Neighbourhood officers were trained before August."""
    if RECEIVED[index] < CID_FROM:
        return "neighbourhood"
    return rng.choice(("neighbourhood",) * 3 + ("local_investigation", "public_protection"))


def postcode(borough: str, rng: random.Random) -> str:
    """A postcode in one of BOROUGH's districts."""
    district = rng.choice(DISTRICTS[borough])
    return f"{district} {rng.randint(1, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"


def school_year_start(day: date) -> date:
    """1 September of the school year DAY falls in."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def school_or_occupation(born: date, day: date, rng: random.Random) -> str:
    """What a young person born on BORN does on DAY: their school year while at school (England:
    Year N is the year they are N + 4 on 31 August before it starts), then college or work."""
    year = age_on(born, school_year_start(day) - timedelta(days=1)) - 4
    if year <= 11:
        return f"Year {year}"
    if year <= 13:
        return rng.choice((f"Sixth form (Year {year})", "College"))
    return rng.choice(OLDER)


def date_of_birth(day: date, rng: random.Random, youngest: int, oldest: int) -> date:
    """A date of birth making someone YOUNGEST to OLDEST years old on DAY."""
    years = rng.randint(youngest, oldest)
    born = day.replace(year=day.year - years) if not (day.month == 2 and day.day == 29) \
        else date(day.year - years, 2, 28)
    return born - timedelta(days=rng.randint(1, 360))
