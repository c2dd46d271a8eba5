"""Reviewer quality over live work: the queries that feed qa.calibration's statistics.

Everything here reads SUBMITTED LIVE evaluations only (calibration scores never count), of one scorecard
(all its versions or one), submitted within a date range, and only those the user may see
(qa.reviews.queries: a lead's own blind reviews stay hidden from them). Each function reads each table
once, set-based; the statistics themselves (kappa, the leniency model) are qa.calibration's, not this
module's.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from qa.calibration.kappa import Kappa, kappa
from qa.extensions import db
from qa.timeutil import end_of_day
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationKind, EvaluationStatus
from qa.reviews.queries import only_visible_evaluations
from scorecards.autoqa_rules import AutoQA
from scorecards.definition import Criterion, Definition, parse_definition
from scorecards.models import Scorecard, ScorecardVersion
from transcription.models import Interaction


@dataclass(frozen=True)
class QualityFilter:
    scorecard_id: int
    version_id: int | None = None     # None: every version of the scorecard
    date_from: date | None = None     # on the day submitted, inclusive
    date_to: date | None = None

    def apply(self, query: Select) -> Select:
        query = query.where(Evaluation.kind == EvaluationKind.LIVE.value,
                            Evaluation.status == EvaluationStatus.SUBMITTED.value)
        if self.version_id is not None:
            query = query.where(Evaluation.scorecard_version_id == self.version_id)
        else:
            query = query.where(Evaluation.scorecard_version_id.in_(
                db.select(ScorecardVersion.id).where(ScorecardVersion.scorecard_id == self.scorecard_id)))
        if self.date_from is not None:
            query = query.where(Evaluation.submitted_at >= datetime.combine(self.date_from, time.min))
        if self.date_to is not None:
            query = query.where(Evaluation.submitted_at < end_of_day(self.date_to))
        return query


def live_evaluations(user, filters: QualityFilter, *columns) -> Select:
    """The submitted live evaluations the filters name and the user may see (select these columns)."""
    return filters.apply(only_visible_evaluations(db.select(*columns).select_from(Evaluation), user))


def scorecards_with_versions() -> list[Scorecard]:
    """Every scorecard with its versions (two queries), for the filter form."""
    return list(db.session.scalars(db.select(Scorecard).options(selectinload(Scorecard.versions))
                                   .order_by(Scorecard.name)))


def versions_of(filters: QualityFilter) -> dict[int, ScorecardVersion]:
    """The versions in scope, by id (one query), oldest first."""
    query = db.select(ScorecardVersion).where(ScorecardVersion.scorecard_id == filters.scorecard_id)
    if filters.version_id is not None:
        query = query.where(ScorecardVersion.id == filters.version_id)
    return {version.id: version for version in db.session.scalars(query.order_by(ScorecardVersion.number))}


# --- scored evaluations (for the leniency model) -------------------------------------------------------------------

@dataclass(frozen=True)
class ScoredEvaluation:
    evaluation_id: int
    interaction_id: int
    agent_id: int | None
    reviewer_id: int | None
    version_id: int
    score: float
    submitted_at: datetime

    @property
    def period(self) -> str:
        """The calendar month (UTC) it was submitted in, "2024-05": the drift chart's step."""
        return self.submitted_at.strftime("%Y-%m")


def scored_evaluations(user, filters: QualityFilter) -> list[ScoredEvaluation]:
    """Every scored evaluation in scope (an all-N/A evaluation has no score and says nothing of leniency)."""
    rows = db.session.execute(
        live_evaluations(user, filters, Evaluation.id, Evaluation.interaction_id, Evaluation.agent_id,
                         Evaluation.reviewer_id, Evaluation.scorecard_version_id, Evaluation.score,
                         Evaluation.submitted_at)
        .where(Evaluation.score.is_not(None)).order_by(Evaluation.submitted_at, Evaluation.id))
    return [ScoredEvaluation(*row) for row in rows]


# --- AutoQA against people ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AutoQACriterion:
    """One criterion AutoQA answers, with the same question and rule in every version it covers."""
    key: str
    question: str
    rule: AutoQA
    criterion: Criterion                              # as the newest covered version defines it
    versions: tuple[int, ...]                         # version numbers
    categories: tuple[tuple[str, str], ...]           # (value, label): the answers a reviewer can give
    pairs: tuple[tuple[str, str], ...]                # (AutoQA's answer, the reviewer's final answer)

    @property
    def rule_text(self) -> str:
        return describe_rule(self.rule)


def autoqa_pairs(user, filters: QualityFilter) -> list[AutoQACriterion]:
    """For every criterion with an AutoQA rule: AutoQA's suggestion beside the reviewer's final answer.

    "Final" is the stored answer, which a resolved dispute has already changed. Left out: answers AutoQA
    gave no suggestion for (nothing to measure) and criteria that do not apply to the interaction's channel
    (they are N/A by rule on both sides, which would look like agreement). A criterion whose rule changed
    between versions is a different AutoQA and is measured separately."""
    versions = versions_of(filters)
    definitions = {version_id: parse_definition(version.definition) for version_id, version in versions.items()}
    groups: dict[tuple, list[int]] = defaultdict(list)   # (key, rule, answer type) → version ids
    for version_id, definition in definitions.items():
        for _, criterion in definition.criteria():
            if criterion.autoqa is not None:
                groups[_group_key(criterion)].append(version_id)
    if not groups:
        return []
    rows = db.session.execute(
        live_evaluations(user, filters, Evaluation.scorecard_version_id, Interaction.channel,
                         EvaluationAnswer.criterion_key, EvaluationAnswer.autoqa_value, EvaluationAnswer.value)
        .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
        .join(Interaction, Interaction.id == Evaluation.interaction_id)
        .where(EvaluationAnswer.autoqa_value.is_not(None), EvaluationAnswer.value.is_not(None))
        .order_by(EvaluationAnswer.id))
    pairs: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for version_id, channel, key, suggested, final in rows:
        definition = definitions[version_id]
        criterion = _criterion_or_none(definition, key)
        if criterion is None or criterion.autoqa is None or not definition.applies_to(criterion, channel):
            continue
        pairs[_group_key(criterion)].append((suggested, final))
    latest = list(definitions.values())[-1]
    result = []
    for group, version_ids in groups.items():
        newest = definitions[version_ids[-1]]
        criterion = newest.criterion(group[0])
        result.append(AutoQACriterion(
            key=criterion.key, question=criterion.question, rule=criterion.autoqa, criterion=criterion,
            versions=tuple(versions[version_id].number for version_id in version_ids),
            categories=tuple(newest.allowed_values(criterion)), pairs=tuple(pairs[group])))
    return sorted(result, key=lambda item: (_position(latest, item.key), item.versions))


# Landis & Koch (1977), "The measurement of observer agreement for categorical data", Biometrics 33:159–174:
# 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1 almost perfect agreement; 0.40 and below fair or worse.
# Each band's upper bound → (verdict, what a lead should do).
KAPPA_VERDICTS = ((0.40, "dont_trust", "Don't trust", "fair agreement or worse: review every answer yourself"),
                  (0.60, "check", "Check", "moderate agreement: spot-check its answers"),
                  (0.80, "good", "Good", "substantial agreement: rely on it, check now and then"),
                  (1.00, "trust", "Trust", "almost perfect agreement"))
VERDICT_BOUNDS = tuple(bound for bound, *_ in KAPPA_VERDICTS[:-1])


@dataclass(frozen=True)
class Verdict:
    key: str        # dont_trust, check, good, trust; "unknown" without a kappa
    label: str
    advice: str


@dataclass(frozen=True)
class AutoQAAgreement:
    criterion: AutoQACriterion
    result: Kappa
    verdict: Verdict
    left_out: int = 0    # pairs whose answer is no longer one the criterion allows (never counted)

    def matrix(self) -> list[tuple[str, str, list[tuple[str, int]], int]]:
        """The confusion matrix as the page lays it out: per AutoQA answer (value, label, [(people's answer,
        items)], items in the row)."""
        values = [value for value, _ in self.criterion.categories]
        rows = []
        for value, label in self.criterion.categories:
            cells = [(other, self.result.confusion[value, other]) for other in values]
            rows.append((value, label, cells, sum(count for _, count in cells)))
        return rows

    def column_totals(self) -> list[int]:
        return [sum(self.result.confusion[value, other] for value, _ in self.criterion.categories)
                for other, _ in self.criterion.categories]


def autoqa_agreement(user, filters: QualityFilter) -> list[AutoQAAgreement]:
    """Cohen's kappa of AutoQA against the reviewers' final answers, per criterion (qa.calibration.kappa)."""
    results = []
    for item in autoqa_pairs(user, filters):
        categories = [value for value, _ in item.categories]
        usable = [pair for pair in item.pairs if pair[0] in categories and pair[1] in categories]
        result = kappa(usable, categories)
        results.append(AutoQAAgreement(item, result, verdict_for(result), len(item.pairs) - len(usable)))
    return results


def verdict_for(result: Kappa) -> Verdict:
    if result.kappa is None:
        return Verdict("unknown", "No verdict", result.reason or "")
    for bound, key, label, advice in KAPPA_VERDICTS:
        if result.kappa <= bound:
            return Verdict(key, label, advice)
    return Verdict(*KAPPA_VERDICTS[-1][1:])


def describe_rule(rule: AutoQA) -> str:
    """The rule in a few words, for the table."""
    details = {
        "tag_present": lambda: f"yes when {_tags(rule.tags)} is found"
                               + _turns("first", rule.first_agent_turns) + _turns("last", rule.last_agent_turns),
        "tag_absent": lambda: f"yes when {_tags(rule.tags)} is not found",
        "hold_etiquette": lambda: "every hold asked for and thanked"
                                  + (f", none over {rule.max_hold_seconds:g} s" if rule.max_hold_seconds else ""),
        "verified_before_change": lambda: f"{_tags(rule.tags)} before {_tags(rule.change_tags)}",
        "metric_at_most": lambda: f"{rule.metric} at most {rule.value:g}",
        "metric_at_least": lambda: f"{rule.metric} at least {rule.value:g}",
    }
    return details[rule.rule]()


def _turns(which: str, count: int | None) -> str:
    if not count:
        return ""
    return f" in the agent's {which} turn" if count == 1 else f" in the agent's {which} {count} turns"


def _tags(tags: tuple[str, ...]) -> str:
    return " or ".join(tags)


def _group_key(criterion: Criterion) -> tuple[Any, ...]:
    return (criterion.key, repr(criterion.autoqa), criterion.answer_type)


def _criterion_or_none(definition: Definition, key: str) -> Criterion | None:
    try:
        return definition.criterion(key)
    except KeyError:
        return None


def _position(definition: Definition, key: str) -> int:
    keys = [criterion.key for _, criterion in definition.criteria()]
    return keys.index(key) if key in keys else len(keys)
