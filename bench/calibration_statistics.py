"""Agreement statistics: a facilitator's session page cold (computed) against warm (read from the cache), and
the statistics pooled over 200 interactions, beside the bare krippendorff.alpha calls they are made of.

    .venv/bin/python -m bench.calibration_statistics [--runs 10] [--pooled 200]

Builds a fresh SQLite database by migration with the shipped Customer Care Specialist scorecard (28
criteria) and bulk-inserts revealed calibration sessions: one of 5 chats × 4 reviewers for the session
page, and one-to-three-interaction sessions of the same 4 reviewers adding up to --pooled interactions.
Answers are drawn so reviewers mostly agree (each copies a per-interaction "true" answer 4 times in 5),
scored by the real engine. Then it times, signed in as a QA lead through the Flask test client:
- the session page with its cache row deleted first (cold: the bootstrap runs) and with it in place (warm);
- the pooled report as its job computes it (pool_basis + compute_pooled) and the pooled page's cache hit;
- the raw cost: one krippendorff.alpha call on the same data × the calls the statistics make
  (criteria with variation × (1 + resamples), plus the totals), the ratio's baseline.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import krippendorff
import numpy as np
from flask_migrate import upgrade

from bench.review_lists import DEFAULT_SCORECARD, PASSWORD, signed_in_client
from qa import create_app
from qa.accounts import services as accounts
from qa.calibration.agreement_forms import default_period
from qa.calibration.models import AgreementCache, CalibrationItem, CalibrationParticipant, CalibrationSession
from qa.calibration.pooled import compute_pooled, pool_basis
from qa.calibration.ratings import Ratings
from qa.calibration.statistics_cache import session_key
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.engine import score
from scorecards.models import ScorecardVersion
from scorecards.services import import_scorecard_toml, publish_version
from transcription.models import Interaction

REVIEWERS = 4


class Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.version = import_scorecard_toml(DEFAULT_SCORECARD.read_text(), None)
        publish_version(self.version.id, None)
        self.definition = parse_definition(self.version.definition)
        self.lead = accounts.create_user("lead@bench.example", "Lead", [Role.QA_LEAD], password=PASSWORD)
        self.reviewers = [accounts.create_user(f"r{n}@bench.example", f"Reviewer {n}", [Role.REVIEWER])
                          for n in range(REVIEWERS)]
        self.agent = accounts.create_user("agent@bench.example", "Agent", [Role.AGENT])
        db.session.commit()
        self.next_interaction = 1

    def session(self, n_items: int, deadline: datetime) -> int:
        """A revealed calibration session (its deadline passed) every reviewer scored in full."""
        session = CalibrationSession(title=f"Bench {self.next_interaction}", version=self.version,
                                     facilitator_id=self.lead.id, deadline_at=deadline,
                                     created_at=deadline - timedelta(days=3))
        db.session.add(session)
        db.session.flush()
        db.session.add_all(CalibrationParticipant(session_id=session.id, reviewer_id=r.id) for r in self.reviewers)
        for position in range(n_items):
            interaction = Interaction(content_hash=f"{self.next_interaction:064d}", channel="chat", status="ready",
                                      agent_id=self.agent.id, original_filename="bench.json", media_kind="text",
                                      details={}, created_at=deadline - timedelta(days=5))
            self.next_interaction += 1
            db.session.add(interaction)
            db.session.flush()
            item = CalibrationItem(session_id=session.id, interaction_id=interaction.id, position=position)
            db.session.add(item)
            db.session.flush()
            truth = {c.key: self._answer(c) for _, c in self.definition.criteria()}
            for reviewer in self.reviewers:
                values = {key: value if self.rng.random() < 0.8 else self._answer(self.definition.criterion(key))
                          for key, value in truth.items()}
                self._evaluation(item, interaction, reviewer, values, deadline - timedelta(hours=1))
        db.session.commit()
        return session.id

    def _answer(self, criterion) -> str:
        choices = [value for value, _ in self.definition.allowed_values(criterion, "chat")]
        return "yes" if "yes" in choices and self.rng.random() < 0.7 else self.rng.choice(choices)

    def _evaluation(self, item, interaction, reviewer, values, submitted) -> None:
        result = score(self.definition, values, "chat")
        evaluation = Evaluation(interaction_id=interaction.id, agent_id=self.agent.id, reviewer_id=reviewer.id,
                                version=self.version, kind="calibration", calibration_item_id=item.id,
                                status="submitted", score=result.total, passed=result.passed, revision=2,
                                started_at=submitted - timedelta(minutes=10), updated_at=submitted,
                                submitted_at=submitted)
        evaluation.answers = [EvaluationAnswer(criterion_key=key, value=value) for key, value in values.items()]
        db.session.add(evaluation)


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return times


def raw_alpha_cost(definition, evaluations_by_item: dict, resamples: int) -> tuple[float, int]:
    """(seconds per krippendorff.alpha call on this data's value counts, the calls the statistics make)."""
    per_call, calls = [], 0
    for _, criterion in definition.criteria():
        ratings = Ratings.for_criterion(criterion, {item: {r: answers.get(criterion.key) for r, answers in by.items()}
                                                    for item, by in evaluations_by_item.items()})
        counts = ratings.value_counts()
        counts = counts[counts.sum(axis=1) >= 2]
        if len(counts) < 5 or int((counts.sum(axis=0) > 0).sum()) < 2:
            continue   # too few or no variation: no alpha is computed, no bootstrap runs
        domain = np.arange(len(ratings.domain))
        calls += 1 + resamples
        per_call.extend(timed(lambda: krippendorff.alpha(value_counts=counts, value_domain=domain,
                                                         level_of_measurement=ratings.level), 50))
    return statistics.median(per_call), calls + 1 + resamples   # the totals' interval alpha as well


def answers_of(session_ids: list[int]) -> dict:
    rows = db.session.execute(db.select(Evaluation.calibration_item_id, Evaluation.reviewer_id,
                                        EvaluationAnswer.criterion_key, EvaluationAnswer.value)
                              .join(EvaluationAnswer).join(CalibrationItem)
                              .where(CalibrationItem.session_id.in_(session_ids)))
    result: dict = {}
    for item_id, reviewer_id, key, value in rows:
        result.setdefault(item_id, {}).setdefault(reviewer_id, {})[key] = value
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pooled", type=int, default=200, help="interactions pooled")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app = create_app({"DATABASE_URL": f"sqlite:///{root}/bench.db", "INSTANCE_PATH": str(root / "instance"),
                          "QUEUE_URL": f"sqlite:///{root}/queue.db", "STORAGE_PATH": str(root / "files"),
                          "SECRET_KEY": "bench-only-secret-key-0123",
                          "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1})
        with app.app_context():
            upgrade()
            rng = random.Random(5)
            build = Builder(rng)
            now = utcnow()
            page_session = build.session(5, now - timedelta(days=1))
            pooled, made = [], 5   # the page's session is in the period too
            while made < args.pooled:
                size = min(rng.randint(1, 3), args.pooled - made)
                pooled.append(build.session(size, now - timedelta(days=2 + len(pooled) % 60, hours=1)))
                made += size
            version_id, resamples = build.version.id, app.config["CALIBRATION_BOOTSTRAP"]
            definition = build.definition
            page_answers, pooled_answers = answers_of([page_session]), answers_of([page_session, *pooled])
            db.session.remove()
        print(f"{len(definition.criteria())} criteria, {REVIEWERS} reviewers, {resamples} bootstrap resamples")
        client = signed_in_client(app, "lead@bench.example")
        url = f"/calibration/{page_session}"

        def cold():
            with app.app_context():
                db.session.execute(db.delete(AgreementCache).where(AgreementCache.key == session_key(page_session)))
                db.session.commit()
            assert client.get(url).status_code == 200

        cold_times = timed(cold, max(3, args.runs // 3))
        warm_times = timed(lambda: client.get(url), args.runs)
        with app.app_context():
            per_call, calls = raw_alpha_cost(definition, page_answers, resamples)
        print(f"session page, 5 interactions: cold {statistics.median(cold_times):.2f} s, "
              f"warm {1000 * statistics.median(warm_times):.0f} ms (medians; "
              f"{statistics.median(cold_times) / statistics.median(warm_times):.0f}x)")
        print(f"  raw: krippendorff.alpha {1e6 * per_call:.0f} µs a call × {calls} calls = {per_call * calls:.2f} s; "
              f"the cold page is {statistics.median(cold_times) / (per_call * calls):.2f}x that")
        with app.app_context():
            version = db.session.get(ScorecardVersion, version_id)
            start, end = default_period(now.date())
            basis_times = timed(lambda: pool_basis(version, start, end), 3)
            basis = pool_basis(version, start, end)
            compute_times = timed(lambda: compute_pooled(basis), 2)
            per_call, calls = raw_alpha_cost(definition, pooled_answers, resamples)
            db.session.remove()
        print(f"pooled over {basis.n_interactions} interactions in {len(basis.sessions)} sessions: "
              f"computed in {statistics.median(compute_times):.2f} s (the job), the fingerprint read on each page "
              f"load {1000 * statistics.median(basis_times):.0f} ms")
        print(f"  raw: krippendorff.alpha {1e6 * per_call:.0f} µs a call × {calls} calls = {per_call * calls:.2f} s; "
              f"the computation is {statistics.median(compute_times) / (per_call * calls):.2f}x that")
        pooled_url = f"/calibration/agreement?version={version_id}&from={start}&to={end}"
        client.get(pooled_url)   # queues the job
        with app.app_context():
            from qa.jobs.services import run_pending_jobs
            run_pending_jobs()
            db.session.remove()
        hits = timed(lambda: client.get(pooled_url), args.runs)
        assert b'data-testid="statistics"' in client.get(pooled_url).data
        print(f"pooled page, cache hit: {1000 * statistics.median(hits):.0f} ms (median of {args.runs})")


if __name__ == "__main__":
    main()
