"""Every scorer's answers to a session's interactions, side by side per criterion, with the majority, the
gold answer and each reviewer's deviation from gold; and the agreement statistics over the session.

Blindness is enforced here, not in templates: `side_by_side` refuses anyone before the reveal, and a
participant who is not a lead only gets the interactions they submitted a score for themselves. `build_board`
lays out whatever it is given, with no viewer: the statistics job uses it to see what a facilitator sees.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from qa.calibration.deviation import GoldDeviation, deviation_from_gold
from qa.calibration.models import CalibrationItem, CalibrationSession
from qa.calibration.services import can_manage, counted_evaluations, is_participant, revealed
from qa.calibration.statistics import (CriterionStatistics, MeanDeviation, SessionStatistics,  # noqa: F401
                                       agreement_statistics, mean_points_from_gold)
from qa.errors import Refused
from qa.reviews.models import Evaluation
from scorecards.definition import YES_NO_LABELS, Criterion, Definition, Section, parse_definition

AUTOQA = "autoqa"  # AutoQA's column key beside the participants' user ids


@dataclass(frozen=True)
class Scorer:
    key: int | str   # the reviewer's user id, or AUTOQA
    name: str


@dataclass
class CriterionAnswers:
    section: Section
    criterion: Criterion
    applies: bool
    choices: list[tuple[str, str]]
    answers: dict[int | str, str | None]   # scorer key → value (None: not answered)
    majority: str | None                   # the people's most common answer; None on a tie
    gold: str | None = None
    gold_note: str = ""

    @property
    def disagree(self) -> bool:
        return len({value for value in self.answers.values() if value is not None}) > 1

    def label(self, value: str | None) -> str:
        if value is None:
            return "—"
        return dict(self.choices).get(value) or YES_NO_LABELS.get(value, value)


@dataclass
class ItemAnswers:
    item: CalibrationItem
    rows: list[CriterionAnswers]
    totals: dict[int, float | None]                      # reviewer id → their evaluation's total
    deviations: dict[int, GoldDeviation] = field(default_factory=dict)   # once gold is recorded


@dataclass
class SideBySide:
    session: CalibrationSession
    definition: Definition
    scorers: list[Scorer]
    items: list[ItemAnswers]
    evaluations: list[Evaluation] = field(default_factory=list)   # the counted ones the board was built from


def side_by_side(session: CalibrationSession, viewer, now: datetime | None = None) -> SideBySide:
    """The answers `viewer` may see; Refused before the reveal, or for someone outside the session."""
    manager = can_manage(session, viewer)
    if not manager and not is_participant(session, viewer.id):
        raise Refused("Only the session's participants, its facilitator and QA leads see its answers.")
    if not revealed(session, now):
        raise Refused("The answers stay hidden until the deadline passes or every participant has scored "
                      "every interaction.")
    evaluations = counted_evaluations(session)
    own_items = {e.calibration_item_id for e in evaluations if e.reviewer_id == viewer.id}
    items = session.items if manager else [item for item in session.items if item.id in own_items]
    if not manager and not items:
        raise Refused("You see the others' answers to the interactions you scored by the deadline, "
                      "and you scored none.")
    return build_board(session, evaluations, items)


def build_board(session: CalibrationSession, evaluations: list[Evaluation],
                items: list[CalibrationItem]) -> SideBySide:
    """The board of these items from these (counted) evaluations; who may see it is the caller's question."""
    definition = parse_definition(session.version.definition)
    people = [Scorer(p.reviewer_id, p.reviewer.name) for p in
              sorted(session.participants, key=lambda p: (p.reviewer.name, p.reviewer_id))]
    scorers = people + ([Scorer(AUTOQA, "AutoQA")] if session.include_autoqa else [])
    by_item: dict[int, dict[int, dict[str, str | None]]] = {}
    totals: dict[int, dict[int, float | None]] = {}
    for evaluation in evaluations:
        by_item.setdefault(evaluation.calibration_item_id, {})[evaluation.reviewer_id] = {
            a.criterion_key: a.value for a in evaluation.answers}
        totals.setdefault(evaluation.calibration_item_id, {})[evaluation.reviewer_id] = evaluation.score
    boards = []
    for item in items:
        answers = by_item.get(item.id, {})
        gold = {g.criterion_key: g for g in item.gold}
        rows = []
        for section, criterion in definition.criteria():
            given: dict[int | str, str | None] = {s.key: answers.get(s.key, {}).get(criterion.key) for s in people}
            if session.include_autoqa:
                given[AUTOQA] = item.autoqa_answers.get(criterion.key)
            row_gold = gold.get(criterion.key)
            rows.append(CriterionAnswers(
                section, criterion, definition.applies_to(criterion, item.interaction.channel),
                definition.allowed_values(criterion, item.interaction.channel), given,
                _majority([given[s.key] for s in people]), row_gold.value if row_gold else None,
                row_gold.note if row_gold else ""))
        board = ItemAnswers(item, rows, totals.get(item.id, {}))
        if gold:
            board.deviations = deviation_from_gold(definition, answers, {k: g.value for k, g in gold.items()},
                                                   item.interaction.channel)
        boards.append(board)
    return SideBySide(session, definition, scorers, boards, list(evaluations))


def _majority(values: list[str | None]) -> str | None:
    ranked = Counter(value for value in values if value is not None).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def session_statistics(board: SideBySide) -> SessionStatistics:
    """Per criterion and overall, over the interactions on the board, AutoQA counted as a rater. Computed
    every time: the pages read it through qa.calibration.statistics_cache."""
    units = {item.item.id: {row.criterion.key: row.answers for row in item.rows} for item in board.items}
    totals = {item.item.id: dict(item.totals) for item in board.items}
    # Seeded by the session, so the same session shows the same interval on every reload.
    return agreement_statistics(board.definition, units, totals, seed=board.session.id)


def mean_deviations(board: SideBySide) -> dict[int, MeanDeviation]:
    """reviewer id → (mean points from gold over the interactions with gold, direction, interactions)."""
    return mean_points_from_gold(item.deviations for item in board.items)
