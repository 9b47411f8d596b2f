"""Survey comments are sealed at rest (issue 18, finding 3): free text could name someone."""

from __future__ import annotations

from sqlalchemy import select, text

from divert.training import survey
from divert.training.models import SurveyResponse
from shared.crypto.datakeys import DataKey
from shared.extensions import db

COMMENT = "Trainer mentioned Jayden Marsh by name"


def test_a_comment_is_stored_as_ciphertext_and_shown_in_clear(feedback_link):
    _, token = feedback_link()
    survey.submit_response(token, 5, 4, COMMENT)
    survey.submit_response(token, 3, 3, None)
    db.session.commit()
    raw = db.session.execute(text("SELECT comment FROM survey_responses ORDER BY id")).all()
    assert raw[0][0] is not None and COMMENT.encode() not in bytes(raw[0][0])
    assert raw[1][0] is None
    assert [c for _, c in survey.recent_comments()] == [COMMENT]
    # Only the answer with a comment holds a data key.
    keys = db.session.scalars(select(SurveyResponse.data_key_id).order_by(SurveyResponse.id))
    assert [k is not None for k in keys] == [True, False]
    assert db.session.scalar(select(DataKey).join(
        SurveyResponse, SurveyResponse.data_key_id == DataKey.id)).kek_id
