"""Gold answers and closing a session, the side-by-side table, each reviewer's deviation from gold and the
session's agreement statistics."""
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.calibration.gold import close_session, missing_gold, record_gold
from qa.calibration.models import SessionStatus
from qa.calibration.side_by_side import AUTOQA, mean_deviations, session_statistics, side_by_side
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from qa.settings import SettingError
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.reviews.builders import PERFECT_ANSWERS, make_person
from tests.qa.reviews.review_scenes import AUTOQA_DEFINITION, good_chat

ALL_GOLD = {key: (value, "") for key, value in PERFECT_ANSWERS.items()}


@pytest.fixture
def scored(app):
    """Two reviewers have scored both interactions; A said no to the greeting of the first."""
    scene = session_scene()
    score_all(scene.session, scene.reviewers[0], {"greeting": "no"})
    score_all(scene.session, scene.reviewers[1])
    return scene


def test_gold_before_the_reveal_is_refused(app):
    scene = session_scene()
    score_all(scene.session, scene.reviewers[0])
    with pytest.raises(Refused, match="once the answers are revealed"):
        record_gold(scene.session.id, scene.session.items[0].id, ALL_GOLD, scene.lead.id)


def test_only_the_facilitator_leads_and_admins_record_gold(scored):
    session = scored.session
    with pytest.raises(Refused, match="Only the session's facilitator"):
        record_gold(session.id, session.items[0].id, ALL_GOLD, scored.reviewers[0].id)
    record_gold(session.id, session.items[0].id, ALL_GOLD, make_person(Role.ADMIN).id)
    record_gold(session.id, session.items[0].id, ALL_GOLD, make_person(Role.QA_LEAD).id)


def test_gold_for_a_criterion_not_in_the_version_is_refused_by_name(scored):
    session = scored.session
    with pytest.raises(Refused, match='"courtesy" is not a criterion of'):
        record_gold(session.id, session.items[0].id, {"courtesy": ("5", "")}, scored.lead.id)
    with pytest.raises(Refused, match=r"'maybe' is not an answer to \"Did the agent greet the customer\?\""):
        record_gold(session.id, session.items[0].id, {"greeting": ("maybe", "")}, scored.lead.id)
    with pytest.raises(Refused, match="not part of this session"):
        record_gold(session.id, 999999, ALL_GOLD, scored.lead.id)
    with pytest.raises(Refused, match="at least one criterion"):
        record_gold(session.id, session.items[0].id, {}, scored.lead.id)


def test_gold_is_recorded_changed_and_audited(scored):
    session, item = scored.session, scored.session.items[0]
    record_gold(session.id, item.id, {"greeting": ("no", "No hello in the first line.")}, scored.lead.id)
    record_gold(session.id, item.id, {"greeting": ("yes", "The hello is in line 1.")}, scored.lead.id)
    db.session.commit()
    assert [(g.criterion_key, g.value, g.note) for g in item.gold] == [("greeting", "yes", "The hello is in line 1.")]
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "calibration.gold_recorded")
                                 .order_by(AuditEntry.id)).all()
    assert len(entries) == 2 and entries[1].before == {"greeting": ["no", "No hello in the first line."]}


def test_closing_names_what_is_missing_then_closes(scored):
    session = scored.session
    record_gold(session.id, session.items[0].id, ALL_GOLD, scored.lead.id)
    record_gold(session.id, session.items[1].id, {"greeting": ("yes", "")}, scored.lead.id)
    with pytest.raises(Refused, match=f"interaction {session.items[1].interaction_id}: Did the agent verify"):
        close_session(session.id, scored.lead.id)
    assert missing_gold(session) == {session.items[1].id: ["verified", "empathy", "process"]}
    record_gold(session.id, session.items[1].id, ALL_GOLD, scored.lead.id)
    close_session(session.id, scored.lead.id)
    db.session.commit()
    assert session.status == SessionStatus.CLOSED.value and session.closed_at is not None
    told = db.session.scalars(db.select(Notification.user_id).where(Notification.kind == "calibration.closed")).all()
    assert set(told) == {r.id for r in scored.reviewers}
    with pytest.raises(Refused, match="closed"):
        record_gold(session.id, session.items[0].id, ALL_GOLD, scored.lead.id)
    with pytest.raises(Refused, match="closed"):
        close_session(session.id, scored.lead.id)


def test_side_by_side_majority_and_deviation_from_gold(app):
    scene = session_scene(reviewers=3, interactions=1)
    a, b, c = scene.reviewers
    score_item(scene.session, a, answers={"greeting": "no", "empathy": "3"})
    score_item(scene.session, b, answers={"empathy": "4"})
    score_item(scene.session, c)
    board = side_by_side(scene.session, scene.lead)
    rows = {row.criterion.key: row for row in board.items[0].rows}
    assert rows["greeting"].majority == "yes" and rows["greeting"].disagree
    assert rows["empathy"].majority is None  # 3, 4, 5: no majority
    assert not rows["process"].disagree
    record_gold(scene.session.id, scene.session.items[0].id, ALL_GOLD, scene.lead.id)
    board = side_by_side(scene.session, scene.lead)
    deviations = board.items[0].deviations
    # A: no greeting (-1/2 of opening's 40 = -20) and empathy 3 (-0.5 × 1/3 of 60 = -10): 70 vs 100.
    assert deviations[a.id].points == pytest.approx(-30) and deviations[a.id].direction == "strict"
    assert {d.criterion for d in deviations[a.id].differing} == {"greeting", "empathy"}
    assert deviations[c.id].points == 0 and deviations[c.id].direction == "even"
    means = mean_deviations(board)
    assert means[b.id][0] == pytest.approx(-5) and means[b.id][1:] == ("strict", 1)


def test_statistics_per_criterion_against_a_hand_computed_alpha(app):
    scene = session_scene(interactions=5)
    a, b = scene.reviewers
    score_all(scene.session, a)
    for index, greeting in enumerate(["yes", "yes", "no", "yes", "no"]):
        score_item(scene.session, b, index, {"greeting": greeting})
    statistics = session_statistics(side_by_side(scene.session, scene.lead))
    greeting = next(row for row in statistics.criteria if row.criterion.key == "greeting")
    # 5 pairs, 3 agree; nominal alpha = 1 − (n−1)·Σo(c≠k) / Σn_c·n_k(c≠k) = 1 − 9·4 / (2·8·2) = −0.125.
    assert greeting.result.percent_agreement == pytest.approx(60)
    assert greeting.result.alpha == pytest.approx(-0.125)
    assert greeting.flagged and statistics.bar == 0.667
    process = next(row for row in statistics.criteria if row.criterion.key == "process")
    assert process.result.alpha is None and "same" in process.result.reason and not process.flagged
    assert [row.criterion.key for row in statistics.flagged] == ["greeting"]
    assert statistics.overall.n_units == 5


def test_statistics_over_too_few_interactions_give_the_reason(scored):
    statistics = session_statistics(side_by_side(scored.session, scored.lead))
    assert all(row.result.alpha is None and "Only 2 interactions" in row.result.reason for row in statistics.criteria)
    assert statistics.overall.percent_agreement is None and "Only 2" in statistics.overall.reason


def test_autoqa_is_a_column_and_a_rater(app):
    scene = session_scene(reviewers=1, definition=AUTOQA_DEFINITION, include_autoqa=True,
                          chats=[lambda agent: good_chat(agent, "autoqa column")])
    score_item(scene.session, scene.reviewers[0], answers={"greeting": "no", "introduction": "yes",
                                                           "further_help": "yes", "courtesy": "4"})
    board = side_by_side(scene.session, scene.lead, now=scene.session.deadline_at + timedelta(seconds=1))
    assert [s.key for s in board.scorers] == [scene.reviewers[0].id, AUTOQA]
    greeting = next(row for row in board.items[0].rows if row.criterion.key == "greeting")
    assert greeting.answers == {scene.reviewers[0].id: "no", AUTOQA: "yes"} and greeting.disagree
    courtesy = next(row for row in board.items[0].rows if row.criterion.key == "courtesy")
    assert courtesy.answers[AUTOQA] is None
    statistics = session_statistics(board)
    assert next(r for r in statistics.criteria if r.criterion.key == "greeting").result.n_pairs == 1


def test_the_alpha_bar_is_a_setting(app, app_factory):
    scene = session_scene(interactions=5)
    for a, b, index in zip(["yes", "yes", "yes", "no", "no"], ["yes", "yes", "yes", "no", "yes"], range(5)):
        score_item(scene.session, scene.reviewers[0], index, {"greeting": a})
        score_item(scene.session, scene.reviewers[1], index, {"greeting": b})
    board = side_by_side(scene.session, scene.lead)
    greeting = session_statistics(board).criteria[0]
    assert greeting.result.alpha == pytest.approx(1 - 9 * 2 / (2 * 7 * 3)) and greeting.flagged  # 0.571 < 0.667
    app.config["CALIBRATION_ALPHA_BAR"] = 0.5
    statistics = session_statistics(board)
    assert statistics.bar == 0.5 and statistics.flagged == []
    with pytest.raises(SettingError, match="CALIBRATION_ALPHA_BAR.*from 0 to 1"):
        app_factory(CALIBRATION_ALPHA_BAR=1.5)
    with pytest.raises(SettingError, match="CALIBRATION_BOOTSTRAP"):
        app_factory(CALIBRATION_BOOTSTRAP=0)
