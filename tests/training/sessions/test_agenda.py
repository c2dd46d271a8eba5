"""The agenda made from a plan's evidence snapshot: one plain line per point, the lowest-scoring evaluations
first, the goal and the modules still to do."""
from datetime import date

from tests.training.sessions.builders import EVIDENCE
from training.sessions.agenda import EVIDENCE_PER_COMPETENCY, AgendaSource, plan_agenda


def _agenda(**fields) -> list[str]:
    source = dict(title="Empathy first", focus=["empathy", "compliance_verification"], evidence=EVIDENCE,
                  goal_competency="empathy", goal_target=80, goal_due=date(2026, 4, 30),
                  modules_to_do=("Acknowledging feelings", "Verifying callers"))
    source.update(fields)
    return plan_agenda(AgendaSource(**source)).split("\n")


def test_one_line_per_point_in_focus_order_lowest_evaluations_first():
    assert _agenda() == [
        "Plan: Empathy first",
        "Empathy: 62 of 100 on 7 evaluations, likely between 52 and 71; team median 78",
        "Evaluation 12 of interaction 102 (2026-01-21): \u201cHow empathetic was the agent?\u201d earned 0 %; "
        "reviewer's comment at 1:23: \u201cCut the customer off: \"not my problem\"\u201d",
        "Evaluation 13 of interaction 103 (2026-01-22): \u201cHow empathetic was the agent?\u201d earned 25 %",
        "Evaluation 11 of interaction 101 (2026-01-20): \u201cHow empathetic was the agent?\u201d earned 50 %",
        "Compliance and verification: 70 of 100 on 1 evaluation, 68 adjusted for reviewer leniency",
        "Goal: Empathy at least 80 by 2026-04-30",
        "Module to do: Acknowledging feelings",
        "Module to do: Verifying callers",
    ]


def test_at_most_a_handful_of_evaluations_per_competency():
    lines = _agenda(focus=["empathy"], modules_to_do=())
    assert sum(line.startswith("Evaluation ") for line in lines) == EVIDENCE_PER_COMPETENCY == 3
    assert not any("interaction 104" in line for line in lines)  # the best of the four is left out


def test_no_markdown_and_no_line_breaks_from_the_snapshot():
    evidence = {"competencies": {"empathy": {"label": "# Empathy\n*bold*", "score": None, "n_evaluations": 0,
                                             "evidence": [{"evaluation_id": 1, "interaction_id": 2,
                                                           "question": "Line one\nline two", "share": 0.1,
                                                           "moment_time": 4000, "moment_text": "x" * 300}]}}}
    lines = _agenda(evidence=evidence, focus=["empathy"], goal_competency=None, modules_to_do=("A\nB",))
    assert lines[1] == "# Empathy *bold*: no score yet (0 evaluations)"
    assert lines[2].startswith("Evaluation 1 of interaction 2: \u201cLine one line two\u201d earned 10 %; "
                               "reviewer's comment at 1:06:40: \u201cxxx")
    assert lines[2].endswith("\u2026\u201d") and len(lines[2]) < 250  # a long comment is cut
    assert lines[-1] == "Module to do: A B"
    assert len(lines) == 4


def test_a_focus_competency_missing_from_the_snapshot_is_said():
    lines = _agenda(evidence={}, focus=["documentation"], goal_competency=None, modules_to_do=())
    assert lines == ["Plan: Empathy first", "Documentation: no evidence in the plan"]


def test_a_goal_without_a_date():
    assert _agenda(goal_due=None, focus=[], modules_to_do=())[-1] == "Goal: Empathy at least 80"
