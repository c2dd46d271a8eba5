"""A published version never changes: editing a scorecard after evaluations were scored on it leaves their
scores alone, and rescoring one later still uses the rules it was scored by."""
import copy

import pytest

from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.services import rescore_evaluation
from scorecards.definition import parse_definition
from scorecards.engine import score
from scorecards.models import VersionStatus
from scorecards.services import publish_version, save_draft, start_new_draft
from tests.qa.reviews.builders import SIMPLE_DEFINITION, published_scorecard, submitted_evaluation


@pytest.fixture
def reweighted():
    """SIMPLE_DEFINITION with the opening worth nine times the resolution (40:60 before)."""
    definition = copy.deepcopy(SIMPLE_DEFINITION)
    definition["sections"][0]["weight"], definition["sections"][1]["weight"] = 90, 10
    return definition


def test_publishing_a_new_version_leaves_old_scores_and_rescoring_keeps_the_old_rules(app, reweighted):
    scorecard = published_scorecard()
    evaluation = submitted_evaluation(scorecard=scorecard, answers={"greeting": "no"})
    first_version, first_score = evaluation.scorecard_version_id, evaluation.score
    breakdown = copy.deepcopy(evaluation.breakdown)
    assert first_score == pytest.approx(80)  # opening 50 % × 40 + resolution 100 % × 60

    draft = start_new_draft(scorecard.id, None)
    save_draft(draft.id, reweighted, draft.revision, None)
    publish_version(draft.id, None)
    db.session.commit()
    db.session.expire_all()
    evaluation = db.session.get(Evaluation, evaluation.id)
    assert evaluation.scorecard_version_id == first_version
    assert evaluation.version.status == VersionStatus.RETIRED.value
    assert (evaluation.score, evaluation.breakdown) == (first_score, breakdown)

    rescore_evaluation(evaluation.id, {"empathy": "3"}, None, "dispute")
    answers = {a.criterion_key: a.value for a in evaluation.answers}
    on_old = score(parse_definition(SIMPLE_DEFINITION), answers, "chat").total
    on_new = score(parse_definition(reweighted), answers, "chat").total
    assert on_old != pytest.approx(on_new)
    assert evaluation.score == pytest.approx(on_old)
