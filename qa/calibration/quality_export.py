"""The answers behind the quality pages as CSV: one row per answer of every live evaluation in the selection.

Rows are read from the database in batches and written as they come (a generator), so a year of
evaluations never sits in memory; formulas are defused (qa.web.csv_stream).
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import aliased

from qa.accounts.models import User
from qa.calibration.quality import QualityFilter, live_evaluations
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer
from qa.web.csv_stream import stream_csv
from scorecards.models import Scorecard, ScorecardVersion

HEADER = ("evaluation_id", "submitted_at", "scorecard", "version", "interaction_id", "agent", "reviewer",
          "criterion", "answer", "autoqa_answer", "overridden", "earned", "possible")
BATCH = 500


def answer_rows(user, filters: QualityFilter) -> Iterator[tuple]:
    """The rows after the header, oldest evaluation first, in the scorecard's answer order."""
    agent, reviewer = aliased(User), aliased(User)
    query = (live_evaluations(user, filters, Evaluation.id, Evaluation.submitted_at, Scorecard.name,
                              ScorecardVersion.number, Evaluation.interaction_id, agent.name, reviewer.name,
                              EvaluationAnswer.criterion_key, EvaluationAnswer.value, EvaluationAnswer.autoqa_value,
                              EvaluationAnswer.earned, EvaluationAnswer.possible)
             .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
             .join(ScorecardVersion, ScorecardVersion.id == Evaluation.scorecard_version_id)
             .join(Scorecard, Scorecard.id == ScorecardVersion.scorecard_id)
             .outerjoin(agent, agent.id == Evaluation.agent_id)
             .outerjoin(reviewer, reviewer.id == Evaluation.reviewer_id)
             .order_by(Evaluation.submitted_at, Evaluation.id, EvaluationAnswer.id)
             .execution_options(yield_per=BATCH))
    for (evaluation_id, submitted_at, scorecard, number, interaction_id, agent_name, reviewer_name, key, value,
         suggested, earned, possible) in db.session.execute(query):
        overridden = "" if suggested is None or value is None else ("yes" if value != suggested else "no")
        yield (evaluation_id, submitted_at.isoformat(timespec="seconds"), scorecard, number, interaction_id,
               agent_name or "", reviewer_name or "", key, value or "", suggested or "", overridden,
               _number(earned), _number(possible))


def answers_csv(user, filters: QualityFilter) -> Iterator[str]:
    """The CSV text in pieces: the header, then a piece per batch of rows."""
    return stream_csv(HEADER, answer_rows(user, filters), BATCH)


def _number(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)
