"""agent_profile on evaluations built through the review services, against numbers computed by hand
(the method is training.profiles.profile's docstring). The window is the 90 days to 31 March 2026:
1 January to 31 March."""
import math
from datetime import date, datetime

import pytest

from qa.accounts import services as accounts
from qa.calibration.leniency import LiveScore, estimate_leniency
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.profiles.builders import ONE_EMPATHY_DEFINITION, profile_scorecard, scored
from training.profiles.profile import agent_profile, agent_profiles
from training.profiles.types import TrendPoint

AS_OF = date(2026, 3, 31)


@pytest.fixture
def people(app):
    return make_person(Role.AGENT), make_person(Role.REVIEWER), profile_scorecard()


def test_scores_are_means_of_per_evaluation_scores_with_their_interval(people):
    agent, reviewer, card = people
    one = profile_scorecard(ONE_EMPATHY_DEFINITION)
    scored(agent, reviewer, card, {"empathy_words": "yes", "empathy_tone": "5", "verified": "yes"},
           when=datetime(2026, 1, 10))                                  # empathy (1 + 3) / 4 = 100
    scored(agent, reviewer, card, {"empathy_words": "no", "empathy_tone": "3", "verified": "na"},
           when=datetime(2026, 2, 3))                                   # (0 + 3 × .5) / 4 = 37.5
    scored(agent, reviewer, card, {"empathy_words": "yes", "empathy_tone": "1", "verified": "no"},
           when=datetime(2026, 2, 20))                                  # (1 + 0) / 4 = 25
    scored(agent, reviewer, one, {"kind_words": "yes"}, when=datetime(2026, 3, 5))   # 100, counted once too

    profile = agent_profile(agent.id, as_of=AS_OF)
    assert (profile.since, profile.until, profile.n_evaluations) == (date(2026, 1, 1), AS_OF, 4)
    empathy = profile.competency("empathy").estimate
    # (100 + 37.5 + 25 + 100) / 4; pooling the answers by weight would give 7.5 / 13 = 57.7 instead.
    assert empathy.score == pytest.approx(65.625)
    assert (empathy.n_evaluations, empathy.n_answers) == (4, 7)
    sd = math.sqrt((34.375 ** 2 + 28.125 ** 2 + 40.625 ** 2 + 34.375 ** 2) / 3)
    assert empathy.low == pytest.approx(65.625 - 3.1824 * sd / 2) and empathy.high == 100.0
    assert empathy.reason == "Only 4 evaluations scored this; at least 5 are needed before it is acted on."
    assert profile.weaknesses() == []                                   # below 75, but too little evidence

    compliance = profile.competency("compliance_verification").estimate   # the N/A left out: (100 + 0) / 2
    assert (compliance.score, compliance.n_evaluations, compliance.n_answers) == (50.0, 2, 2)

    criteria = {c.key: c.estimate for c in profile.competency("empathy").criteria}
    assert [c.key for c in profile.competency("empathy").criteria] == ["empathy_tone", "empathy_words", "kind_words"]
    assert criteria["empathy_tone"].score == pytest.approx(50.0)           # 100, 50, 0
    assert criteria["empathy_words"].score == pytest.approx(200 / 3)      # 100, 0, 100
    assert (criteria["kind_words"].score, criteria["kind_words"].low) == (100.0, None)

    assert profile.competency("empathy").trend == (
        TrendPoint("2026-01", 100.0, 1), TrendPoint("2026-02", 31.25, 2), TrendPoint("2026-03", 100.0, 1))


def test_calibration_drafts_the_channel_and_criteria_without_competency_are_left_out(people):
    agent, reviewer, card = people
    scored(agent, reviewer, card, when=datetime(2026, 2, 1))           # all good: empathy 100
    scored(agent, make_person(Role.REVIEWER), card, {"empathy_words": "no", "empathy_tone": "1"},
           when=datetime(2026, 2, 2), kind="calibration")
    scored(agent, reviewer, card, {"empathy_words": "no", "empathy_tone": "1"}, when=datetime(2026, 2, 3),
           submit=False)
    profile = agent_profile(agent.id, as_of=AS_OF)
    assert profile.n_evaluations == 1
    assert profile.competency("empathy").estimate.score == 100.0
    hold = profile.competency("efficiency_hold_handling")              # phone-only criterion, chats only
    assert (hold.estimate.score, hold.estimate.n_evaluations) == (None, 0)
    assert hold.estimate.reason == "No live evaluation in the 90 days to 31 Mar 2026 scored this."
    assert hold.criteria == () and hold.evidence == ()
    assert {c.key for c in profile.competencies if c.estimate.score is not None} == {
        "empathy", "compliance_verification"}                            # wrap_up_notes trains nothing


def test_the_window_is_the_days_up_to_and_including_as_of(people):
    agent, reviewer, card = people
    for when, tone in ((datetime(2025, 12, 31, 23, 59, 59), "1"), (datetime(2026, 1, 1), "5"),
                       (datetime(2026, 3, 31, 23, 59, 59), "5"), (datetime(2026, 4, 1), "1")):
        scored(agent, reviewer, card, {"empathy_tone": tone}, when=when)
    profile = agent_profile(agent.id, as_of=AS_OF)
    assert (profile.n_evaluations, profile.competency("empathy").estimate.score) == (2, 100.0)


def test_the_team_median_is_over_team_agents_with_enough_evaluations(app_factory):
    app = app_factory(COACHING_MIN_EVALUATIONS=2)
    with app.app_context():
        team, other = accounts.create_team("Blue"), accounts.create_team("Green")
        reviewer, card = make_person(Role.REVIEWER), profile_scorecard()
        a, b, c, gone = (make_person(Role.AGENT, team_id=team.id) for _ in range(4))
        outsider = make_person(Role.AGENT, team_id=other.id)
        for agent, tone, times in ((a, "5", 2), (b, "3", 2), (c, "1", 1), (gone, "1", 2), (outsider, "1", 2)):
            for day in range(1, times + 1):
                scored(agent, reviewer, card, {"empathy_tone": tone}, when=datetime(2026, 2, day))
        accounts.set_user_active(gone.id, False, reviewer.id)
        db.session.commit()
        # a 100, b (1 + 1.5) / 4 = 62.5; c has one evaluation, `gone` is inactive, the outsider in another team.
        empathy = agent_profile(a.id, as_of=AS_OF).competency("empathy")
        assert empathy.team_median is None
        assert empathy.team_reason == ("Only 2 agents in the team had 2 or more evaluations on this; the team "
                                       "median needs at least 3.")
        scored(c, reviewer, card, {"empathy_tone": "1"}, when=datetime(2026, 2, 9))   # c: (1 + 0) / 4 = 25
        profiles = agent_profiles([a.id, b.id, c.id, outsider.id], as_of=AS_OF)
        assert {agent: p.competency("empathy").team_median for agent, p in profiles.items()} == {
            a.id: 62.5, b.id: 62.5, c.id: 62.5, outsider.id: None}
        tone = {k.key: k for k in profiles[a.id].competency("empathy").criteria}["empathy_tone"]
        assert tone.team_median == 50.0                                  # tone 100, 50, 0
        assert profiles[outsider.id].competency("empathy").team_reason.startswith("Only 1 agent in the team")
        loner = make_person(Role.AGENT)
        scored(loner, reviewer, card, when=datetime(2026, 2, 1))
        assert agent_profile(loner.id, as_of=AS_OF).competency("empathy").team_reason == (
            "This agent is in no team, so there is no team to compare with.")


def test_the_adjusted_score_removes_a_lenient_reviewers_points(app):
    x, y, card = make_person(Role.AGENT), make_person(Role.AGENT), profile_scorecard()
    lenient, strict = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    plan = [(x, lenient), (x, lenient), (x, lenient), (x, strict), (y, strict), (y, strict), (y, strict), (y, lenient)]
    evaluations = []
    for day, (agent, reviewer) in enumerate(plan, 1):
        answers = {"empathy_tone": "5"} if reviewer is lenient else {"empathy_words": "no", "empathy_tone": "3"}
        evaluations.append(scored(agent, reviewer, card, answers, when=datetime(2026, 2, day)))
    profiles = agent_profiles([x.id, y.id], as_of=AS_OF)
    model = estimate_leniency([LiveScore(e.reviewer_id, e.agent_id, e.interaction_id, "2026-02",
                                         100.0 if e.reviewer_id == lenient.id else 37.5) for e in evaluations])
    raw_x, raw_y = (300 + 37.5) / 4, (100 + 3 * 37.5) / 4
    ex, ey = (profiles[agent].competency("empathy").estimate for agent in (x.id, y.id))
    assert (ex.score, ey.score) == (raw_x, raw_y)
    assert ex.adjusted == pytest.approx(model.agents[x.id].adjusted) and ex.adjusted < raw_x - 5
    assert ey.adjusted == pytest.approx(model.agents[y.id].adjusted) and ey.adjusted > raw_y + 5
    assert ex.adjusted_reason is None
    # Compliance: both reviewers answered "yes" everywhere, so no reviewer is lenient there: adjusted = raw.
    compliance = profiles[x.id].competency("compliance_verification").estimate
    assert compliance.adjusted == pytest.approx(compliance.score) == 100.0


def test_with_one_reviewer_nothing_is_adjusted_and_the_profile_says_why(people):
    agent, reviewer, card = people
    scored(agent, reviewer, card, {"empathy_tone": "3"}, when=datetime(2026, 2, 1))
    empathy = agent_profile(agent.id, as_of=AS_OF).competency("empathy").estimate
    assert (empathy.score, empathy.adjusted) == (62.5, None)
    assert empathy.adjusted_reason.startswith("Leniency needs two or more reviewers whose work overlaps")


def test_evidence_is_the_lowest_answers_newest_first_with_the_reviewers_moment(people):
    agent, reviewer, card = people
    first = scored(agent, reviewer, card, {"empathy_tone": "1"}, when=datetime(2026, 1, 10))
    second = scored(agent, reviewer, card, {"empathy_tone": "1"}, when=datetime(2026, 2, 1),
                    moments=[(1, "A general note", None), (2, "Flat <b>tone</b> here", "empathy_tone"),
                             (3, "A later note on tone", "empathy_tone"), (0, "About the check", "verified")])
    third = scored(agent, reviewer, card, {"empathy_words": "no", "empathy_tone": "4"}, when=datetime(2026, 2, 5))
    scored(agent, reviewer, card, when=datetime(2026, 3, 1))                 # full marks: no evidence
    evidence = agent_profile(agent.id, as_of=AS_OF).competency("empathy").evidence
    assert [(e.evaluation_id, e.criterion_key, e.share) for e in evidence] == [
        (third.id, "empathy_words", 0.0), (second.id, "empathy_tone", 0.0), (first.id, "empathy_tone", 0.0),
        (third.id, "empathy_tone", 0.75)]
    moment = evidence[1]
    assert (moment.moment_position, moment.moment_text, moment.moment_time) == (2, "Flat <b>tone</b> here", None)
    assert moment.interaction_id == second.interaction_id and moment.submitted_at == "2026-02-01T00:00:00"
    assert moment.question == "How warm was the agent's tone?"
    assert all(e.moment_position is None for e in (evidence[0], evidence[2], evidence[3]))


def test_profiles_of_several_agents_read_the_rows_once(people, monkeypatch):
    agent, reviewer, card = people
    other = make_person(Role.AGENT)
    scored(agent, reviewer, card, when=datetime(2026, 2, 1))
    scored(other, reviewer, card, {"empathy_tone": "2"}, when=datetime(2026, 2, 2))
    from training.profiles import profile as module
    calls = []
    real = module.answer_rows
    monkeypatch.setattr(module, "answer_rows", lambda **kw: calls.append(kw) or real(**kw))
    profiles = agent_profiles([agent.id, other.id, agent.id], as_of=AS_OF)
    assert len(calls) == 1 and set(profiles) == {agent.id, other.id}
    assert profiles[other.id].competency("empathy").estimate.score == pytest.approx((1 + 3 * 0.25) / 4 * 100)
