"""A draft that a calibration session scores on can be published, but no longer changed or discarded."""
from datetime import timedelta

import pytest

from qa.calibration.services import create_session
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.services import discard_draft, publish_version, save_draft, start_new_draft
from tests.qa.reviews.builders import SIMPLE_DEFINITION, make_person, published_scorecard, ready_chat


def test_a_draft_under_calibration_stays_as_it_is_until_published(app):
    lead, reviewers = make_person(Role.QA_LEAD), [make_person(Role.REVIEWER) for _ in range(2)]
    scorecard = published_scorecard()
    draft = start_new_draft(scorecard.id, lead.id)
    save_draft(draft.id, SIMPLE_DEFINITION, draft.revision, lead.id)  # free to change before any session
    db.session.commit()
    create_session("Trying the new guidance", draft.id, [ready_chat(make_person(Role.AGENT)).id],
                   [r.id for r in reviewers], utcnow() + timedelta(days=2), lead.id, False)
    db.session.commit()
    with pytest.raises(Refused, match="Trying the new guidance"):
        save_draft(draft.id, SIMPLE_DEFINITION, draft.revision, lead.id)
    with pytest.raises(Refused, match="can no longer change or be discarded"):
        discard_draft(draft.id, lead.id)
    assert publish_version(draft.id, lead.id).status == "published"
