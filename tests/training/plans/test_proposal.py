"""The proposal as a pure function: when there is one, its focus, evidence, goal and modules, and why not."""
from datetime import datetime, timedelta

from training.plans.proposal import (FELL_FURTHER, MODULES_PER_COMPETENCY, PLAN_WEEKS, NoProposal, Proposal,
                                     evidence_snapshot, propose, recommend_modules)
from tests.training.plans.profiles import AS_OF, Module, competency, evidence, profile


def test_a_score_exactly_at_the_threshold_is_no_weakness():
    outcome = propose(profile(competency("empathy", 75.0, 12), competency("communication", 90.0, 12)), [])
    assert isinstance(outcome, NoProposal)
    assert "at or above 75" in outcome.reason


def test_just_below_the_threshold_on_enough_evaluations_is_proposed():
    outcome = propose(profile(competency("empathy", 74.9, 5)), [])
    assert isinstance(outcome, Proposal)
    assert outcome.focus == ("empathy",)


def test_one_evaluation_too_few_says_so_instead_of_guessing():
    outcome = propose(profile(competency("empathy", 40.0, 4), competency("communication", 95.0, 9)), [])
    assert isinstance(outcome, NoProposal)
    assert outcome.reason.startswith("Too few evaluations to propose a plan: Empathy 40 on 4 evaluations.")
    assert "at least 5 evaluations" in outcome.reason


def test_no_evaluations_at_all_says_there_is_nothing_to_go_on():
    outcome = propose(profile(n_evaluations=0), [])
    assert isinstance(outcome, NoProposal)
    assert "No submitted evaluations from 2026-09-02 to 2026-11-30" in outcome.reason


def test_the_minimum_and_threshold_are_the_profiles_own():
    thin = profile(competency("empathy", 79.0, 3), threshold=80, minimum=3)
    assert propose(thin, []).focus == ("empathy",)


def test_focus_is_the_three_weakest_weakest_first_and_the_goal_is_the_weakest():
    outcome = propose(profile(competency("empathy", 60.0, 8), competency("communication", 50.0, 8),
                              competency("documentation", 70.0, 8), competency("problem_solving", 65.0, 8),
                              competency("active_listening", 40.0, 3),  # lowest, but too few evaluations
                              competency("professionalism", 99.0, 8)), [])
    assert outcome.focus == ("communication", "empathy", "problem_solving")
    assert outcome.goal_competency == "communication"
    assert outcome.goal_target == 75.0
    assert outcome.goal_due == AS_OF + timedelta(weeks=PLAN_WEEKS)
    assert outcome.title == "Coaching plan: Communication, Empathy and Problem solving"


def test_evidence_is_the_profiles_numbers_and_moments_of_the_focus_only():
    moment = evidence(31, share=0.0, moment_position=4, moment_time=12.5, moment_text="Talked over the customer")
    outcome = propose(profile(competency("empathy", 55.5, 6, evidence=(moment, evidence(32)), team_median=81.0),
                              competency("communication", 88.0, 6)), [])
    assert outcome.evidence == {"as_of": "2026-11-30", "threshold": 75, "competencies": {"empathy": {
        "label": "Empathy", "score": 55.5, "low": 47.5, "high": 63.5, "adjusted": None, "n_evaluations": 6,
        "team_median": 81.0, "evidence": [
            {"evaluation_id": 31, "interaction_id": 131, "submitted_at": "2026-11-20T10:00:00",
             "criterion_key": "empathy", "question": "Question empathy?", "share": 0.0, "moment_position": 4,
             "moment_time": 12.5, "moment_text": "Talked over the customer"},
            {"evaluation_id": 32, "interaction_id": 132, "submitted_at": "2026-11-20T10:00:00",
             "criterion_key": "empathy", "question": "Question empathy?", "share": 0.25, "moment_position": None,
             "moment_time": None, "moment_text": None}]}}}


def test_a_snapshot_of_a_competency_without_a_score_says_so():
    snapshot = evidence_snapshot(profile(competency("empathy", 60.0, 6)), ["documentation"])
    assert snapshot["competencies"]["documentation"] == {
        "label": "Documentation", "score": None, "low": None, "high": None, "adjusted": None, "n_evaluations": 0,
        "team_median": None, "evidence": []}


def test_modules_rank_by_focus_covered_then_newest():
    day = datetime(2026, 10, 1)
    modules = [Module(1, ["empathy"], day), Module(2, ["empathy", "communication"], day - timedelta(days=30)),
               Module(3, ["empathy"], day + timedelta(days=1)), Module(4, ["professionalism"], day),
               Module(5, ["communication"], None), Module(6, ["communication"], day)]
    chosen = recommend_modules(("empathy", "communication"), modules)
    assert [m.id for m in chosen] == [2, 3, 6, 1, 5]  # 6 and 1 tie on the date: the newer id first


def test_each_focus_competency_brings_at_most_three_modules():
    day = datetime(2026, 10, 1)
    empathy = [Module(n, ["empathy"], day + timedelta(days=n)) for n in range(1, 6)]
    both = Module(9, ["empathy", "documentation"], day)
    chosen = [m.id for m in recommend_modules(("empathy", "documentation"), [*empathy, both])]
    assert chosen == [9, 5, 4]  # the one covering both counts for empathy too
    assert MODULES_PER_COMPETENCY == 3


def test_the_proposal_lists_the_recommended_modules():
    outcome = propose(profile(competency("empathy", 60.0, 8)),
                      [Module(1, ["empathy"]), Module(2, ["documentation"])])
    assert outcome.module_ids == (1,)


def test_a_recently_dismissed_competency_is_left_out_unless_it_fell_further():
    weak = profile(competency("empathy", 60.0, 8), competency("communication", 70.0, 8))
    assert propose(weak, [], {"empathy": 62.0}).focus == ("communication",)
    assert propose(weak, [], {"empathy": 60.0 + FELL_FURTHER}).focus == ("empathy", "communication")
    assert propose(weak, [], {"empathy": 64.9}).focus == ("communication",)


def test_everything_low_dismissed_recently_is_no_proposal_with_the_reason():
    outcome = propose(profile(competency("empathy", 60.0, 8)), [], {"empathy": 61.0})
    assert isinstance(outcome, NoProposal)
    assert outcome.reason == ("Empathy is below 75, but a trainer dismissed a proposal for it recently and the "
                              "score has not fallen 5 points further since.")
