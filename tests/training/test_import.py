"""Importing the training roster and staff numbers: all rows or none, bad lines named."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from divert.training.imports import ImportRefused, import_csv
from divert.training.models import StrandStaff, TrainingRecord
from shared.extensions import db
from tests.training.conftest import TRAINED_ON, roster, signed_in, staff, upload


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_roster_upload_imports_every_row(app, make_user):
    client = signed_in(app, make_user("coordinator"))
    response = upload(client, roster(f"Neighbourhood,CN,{TRAINED_ON}",
                                     f"local investigation,as,{TRAINED_ON}",
                                     "Public Protection,NA,15/05/2025"))
    assert response.status_code == 302
    assert _count(TrainingRecord) == 3
    strands = sorted(db.session.scalars(select(TrainingRecord.strand)))
    assert strands == ["local_investigation", "neighbourhood", "public_protection"]


def test_a_new_roster_replaces_the_old_one_so_reimporting_changes_nothing(app):
    body = roster(f"Neighbourhood,CN,{TRAINED_ON}", f"Neighbourhood,AS,{TRAINED_ON}")
    import_csv(body)
    import_csv(body)
    db.session.commit()
    assert _count(TrainingRecord) == 2


def test_bad_rows_are_reported_by_line_number_and_nothing_is_imported(app, make_user):
    import_csv(roster(f"Neighbourhood,CN,{TRAINED_ON}"))
    db.session.commit()
    client = signed_in(app, make_user("admin"))
    response = upload(client, roster(
        f"Neighbourhood,CN,{TRAINED_ON}", f"Traffic,CN,{TRAINED_ON}", "",
        f"Neighbourhood,ZZ,{TRAINED_ON}", "Neighbourhood,CN,31/02/2024",
        "Custody,CN,2099-01-01", f"Other,,{TRAINED_ON}"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Line 3: strand &#39;Traffic&#39; is not one of" in page
    assert "Line 5: BCU &#39;ZZ&#39; is not a BCU code" in page
    assert "Line 6: trained date &#39;31/02/2024&#39; is not a date" in page
    assert "Line 7: trained date 01/01/2099 must be between" in page
    assert "Line 8: the BCU code is missing" in page
    assert "Line 2" not in page and "nothing has changed" in page
    assert _count(TrainingRecord) == 1  # the earlier roster is untouched


def test_formula_looking_cells_are_treated_as_data_never_evaluated(app):
    body = roster(f"=cmd|' /C calc'!A0,CN,{TRAINED_ON}",
                  f"Neighbourhood,+CN,{TRAINED_ON}", "Neighbourhood,CN,=TODAY()",
                  f"@SUM(1+1),CN,{TRAINED_ON}")
    try:
        import_csv(body)
    except ImportRefused as refused:
        lines = refused.lines()
    else:
        raise AssertionError("formula cells must not import")
    assert lines == [
        "Line 2: strand '=cmd|' /C calc'!A0' is not one of Neighbourhood, "
        "Local Investigation, Public Protection, Custody, Other",
        "Line 3: BCU '+CN' is not a BCU code (such as CN or AS)",
        "Line 4: trained date '=TODAY()' is not a date like 2023-05-15 or 15/05/2023",
        "Line 5: strand '@SUM(1+1)' is not one of Neighbourhood, Local Investigation, "
        "Public Protection, Custody, Other",
    ]
    assert _count(TrainingRecord) == 0


def test_a_staff_file_is_recognised_by_its_header_and_duplicates_are_refused(app):
    result = import_csv(staff("Neighbourhood,CN,40", "Neighbourhood,AS,50",
                              "Public Protection,,160"))
    assert (result.kind, result.rows) == ("staff", 3)
    try:
        import_csv(staff("Neighbourhood,CN,40", "neighbourhood,cn,41", "Custody,CN,-3"))
    except ImportRefused as refused:
        assert refused.lines() == [
            "Line 3: the same strand and BCU were already given on line 2",
            "Line 4: staff '-3' is not a whole number from 0 to 100,000"]
    db.session.commit()
    assert _count(StrandStaff) == 3


def test_files_that_are_not_a_utf8_csv_with_a_known_header_are_refused(app):
    for body, message in ((b"\xff\xfe\x00b", "saved as UTF-8"),
                          (b"name,email\nA,b@example.org\n", "the header row must be"),
                          (b"", "The file is empty"),
                          (b"strand,bcu,staff\n", "no data rows")):
        try:
            import_csv(body)
        except ImportRefused as refused:
            assert message in str(refused)
        else:
            raise AssertionError(f"{body!r} was accepted")
    assert _count(StrandStaff) == 0 and _count(TrainingRecord) == 0


def test_the_upload_page_documents_the_columns_and_offers_templates(app, make_user):
    client = signed_in(app, make_user("coordinator"))
    page = client.get("/divert/training/import").get_data(as_text=True)
    assert "trained_on" in page and "govuk-file-upload" in page
    template = client.get("/divert/training/templates/roster.csv")
    assert template.mimetype == "text/csv"
    assert template.get_data(as_text=True).startswith("strand,bcu,trained_on\n")
    import_csv(template.get_data())  # the template itself imports
    assert client.get("/divert/training/templates/secrets.csv").status_code == 404


def test_only_admins_and_coordinators_may_import(app, make_user):
    for role in ("officer", "analyst", "partner", "dpo", "custody_worker"):
        client = signed_in(app, make_user(role))
        assert client.get("/divert/training/import").status_code == 403
        assert upload(client, roster(f"Neighbourhood,CN,{TRAINED_ON}")).status_code == 403
    assert _count(TrainingRecord) == 0


def test_an_upload_without_a_csrf_token_or_over_the_size_limit_is_refused(app, make_user):
    client = signed_in(app, make_user("coordinator"))
    response = client.post("/divert/training/import", csrf=False,
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO(roster()), "r.csv")})
    assert response.status_code == 400
    big = roster(*[f"Neighbourhood,CN,{TRAINED_ON}"] * 20_000)  # about 600 KB
    response = upload(client, big)
    assert response.status_code == 400
    assert "smaller than 512 KB" in response.get_data(as_text=True)
    assert _count(TrainingRecord) == 0


def test_the_cli_imports_a_file_and_names_bad_lines(app, tmp_path):
    runner = app.test_cli_runner()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(roster(f"Neighbourhood,CN,{TRAINED_ON}", f"Custody,NA,{TRAINED_ON}"))
    bad.write_bytes(roster(f"Neighbourhood,CN,{TRAINED_ON}", f"Nope,CN,{TRAINED_ON}"))
    result = runner.invoke(args=["training", "import", str(good)])
    assert result.exit_code == 0 and "Imported 2 roster rows" in result.output
    result = runner.invoke(args=["training", "import", str(bad)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output and "Line 3: strand 'Nope'" in result.output
    db.session.rollback()
    assert _count(TrainingRecord) == 2
