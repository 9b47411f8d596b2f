"""A double tap on Save encounter lands both taps on the encounter's own page (PRG)."""

from __future__ import annotations

import re

from tests.engage.conftest import NEW, counts, form_data


def test_both_taps_redirect_to_the_encounters_own_address(client, worker):
    data = form_data()
    first, second = client.post(NEW, data=data), client.post(NEW, data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert re.fullmatch(r"/engage/encounters/[0-9a-f-]{36}", first.headers["Location"])
    page = client.get(first.headers["Location"])
    assert page.status_code == 200 and "Encounter saved" in page.get_data(as_text=True)
    assert counts() == (1, 1, 1)
