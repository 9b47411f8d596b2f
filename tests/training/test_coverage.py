"""Coverage: trained officers against staff per strand, and per BCU with small counts hidden."""

from __future__ import annotations

from divert.training import coverage
from divert.training.imports import import_csv
from shared.extensions import db
from tests.training.conftest import TRAINED_ON, roster, signed_in, staff


def _load() -> None:
    rows = ([f"Neighbourhood,CN,{TRAINED_ON}"] * 30 + [f"Neighbourhood,AS,{TRAINED_ON}"] * 3
            + [f"Local Investigation,CN,{TRAINED_ON}"] * 9
            + [f"Public Protection,NA,{TRAINED_ON}"] * 6 + [f"Other,NA,{TRAINED_ON}"] * 2)
    import_csv(roster(*rows))
    import_csv(staff("Neighbourhood,CN,40", "Neighbourhood,AS,4", "Local Investigation,,20",
                     "Public Protection,,25", "Public Protection,NA,12"))
    db.session.commit()


def test_coverage_counts_trained_against_staff_per_strand_and_for_the_cid_strands(app):
    _load()
    rows = {row.label: (row.trained, row.staff, row.percentage)
            for row in coverage.strand_coverage()}
    assert rows == {
        "Neighbourhood": (33, 44, "75%"),
        "Local Investigation": (9, 20, "45%"),
        # A London-wide figure wins over the per-BCU ones for the strand's total.
        "Public Protection": (6, 25, "24%"),
        "Other": (2, None, ""),
        "Local Investigation and Public Protection (CID)": (15, 45, "33%"),
        "All strands": (50, None, ""),
    }


def test_per_bcu_counts_of_one_to_four_are_suppressed_with_their_percentage(app):
    _load()
    breakdown = coverage.bcu_breakdown()
    neighbourhood = {row.bcu: (row.trained, row.staff, row.percentage)
                     for row in breakdown["Neighbourhood"]}
    # CN is hidden too ("[c]"): with the total of 33 shown, it would give AS's 3 away.
    assert neighbourhood == {"AS Central South": ("<5", "<5", ""),
                             "CN Central North": ("[c]", "[c]", "")}
    assert [(r.trained, r.staff) for r in breakdown["Other"]] == [("<5", "not given")]
    assert [(r.trained, r.staff, r.percentage) for r in breakdown["Public Protection"]] == [
        ("6", "12", "50%")]


def test_percentages_round_half_up_to_whole_numbers():
    assert coverage.percent(422, 490) == "86%"
    assert coverage.percent(168, 375) == "45%"
    assert coverage.percent(1, 8) == "13%"  # 12.5 rounds up, not to even
    assert coverage.percent(3, 0) == "" and coverage.percent(3, None) == ""


def test_coordinators_analysts_and_admins_see_the_coverage_page_and_officers_do_not(
        app, make_user):
    _load()
    for role in ("coordinator", "analyst", "admin"):
        page = signed_in(app, make_user(role)).get("/divert/training")
        text = page.get_data(as_text=True)
        assert page.status_code == 200, role
        assert "75%" in text and "&lt;5" in text and "Local Investigation and Public" in text
    for role in ("officer", "partner", "dpo", "custody_worker"):
        assert signed_in(app, make_user(role)).get("/divert/training").status_code == 403
