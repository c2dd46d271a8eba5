"""Competency profiles of a whole team at once: agent_profiles for 50 agents with 2,000 evaluations (SQLite).

    .venv/bin/python -m bench.coaching_profiles [--evaluations 2000] [--older 2000] [--runs 10]

Builds a fresh SQLite database by migration and fills it in bulk: the shipped Customer Care Specialist
scorecard (published; 44 criteria, all with a competency), one team of 50 agents, 8 reviewers of different
leniency (each answers "yes" a little more or less often), N submitted live evaluations spread over the 85
days before the profile's date, each scored by the real engine with one answer row per criterion and a
reviewer's moment on a criterion in one of four, plus `--older` evaluations before the window that the
query has to skip. Then it times, each the median of `--runs`:

- the baseline: training.scores.answer_rows for everyone in the window (the one read a profile needs);
- agent_profiles for all 50 agents (that read plus the team, the moments, the arithmetic and a leniency fit
  per competency), and agent_profile for one agent (the same work: a profile needs the whole team);
- the two pages through the Flask test client: the agents list (all 50 profiles) and one agent's profile.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade

from bench.review_lists import DEFAULT_SCORECARD, PASSWORD, signed_in_client
from qa import create_app
from qa.accounts import services as accounts
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationBreakdown, EvaluationMoment
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.engine import fraction_of, score
from scorecards.services import import_scorecard_toml, publish_version
from training.profiles.profile import agent_profile, agent_profiles, profile_window
from training.scores import answer_rows
from transcription.models import Interaction

AGENTS, REVIEWERS = 50, 8


def build(n_evaluations: int, n_older: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    version = import_scorecard_toml(DEFAULT_SCORECARD.read_text(), None)
    publish_version(version.id, None)
    team = accounts.create_team("Bench team")
    agents = [accounts.create_user(f"agent{a}@bench.example", f"Agent {a}", [Role.AGENT], team_id=team.id)
              for a in range(AGENTS)]
    reviewers = [accounts.create_user(f"reviewer{r}@bench.example", f"Reviewer {r}", [Role.REVIEWER])
                 for r in range(REVIEWERS)]
    trainer = accounts.create_user("trainer@bench.example", "Trainer", [Role.TRAINER], password=PASSWORD)
    db.session.commit()
    definition = parse_definition(version.definition)
    end = utcnow() - timedelta(minutes=5)   # the pages' profile is up to today
    times = [end - timedelta(days=rng.uniform(0, 85)) for _ in range(n_evaluations)]
    times += [end - timedelta(days=rng.uniform(95, 365)) for _ in range(n_older)]
    _insert(rng, times, definition, version, agents, reviewers)
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return {"trainer": trainer.email, "agent_ids": [agent.id for agent in agents]}


def _insert(rng, times, definition, version, agents, reviewers) -> None:
    criteria = [criterion for _, criterion in definition.criteria()]
    leniency = {reviewer.id: 0.70 + 0.03 * index for index, reviewer in enumerate(reviewers)}
    skill = {agent.id: rng.uniform(-0.25, 0.05) for agent in agents}   # some agents weak, most fine
    for first in range(0, len(times), 1000):
        interactions, evaluations, breakdowns, answers, moments = [], [], [], [], []
        for number, submitted in enumerate(times[first:first + 1000], start=first + 1):
            agent, reviewer = rng.choice(agents), rng.choice(reviewers)
            interactions.append({"id": number, "content_hash": f"{number:064d}", "channel": "chat",
                                 "status": "ready", "agent_id": agent.id, "team_id": agent.team_id,
                                 "original_filename": f"{number}.txt", "media_kind": "text", "details": {},
                                 "created_at": submitted - timedelta(days=2), "started_at": submitted})
            values = {c.key: _answer(rng, definition, c, leniency[reviewer.id] + skill[agent.id]) for c in criteria}
            result = score(definition, values, "chat")
            evaluations.append({
                "id": number, "interaction_id": number, "agent_id": agent.id, "reviewer_id": reviewer.id,
                "scorecard_version_id": version.id, "kind": "live", "status": "submitted", "overall_comment": "",
                "score": result.total, "auto_fail_reason": result.auto_fail_reason, "passed": result.passed,
                "seconds_spent": 300, "revision": 2, "started_at": submitted - timedelta(minutes=10),
                "updated_at": submitted, "submitted_at": submitted})
            breakdowns.append({"evaluation_id": number, "breakdown": result.to_dict()})
            for key, value in values.items():
                points = result.criteria[key]
                answers.append({"evaluation_id": number, "criterion_key": key, "value": value, "comment": "",
                                "autoqa_evidence": [], "earned": points.earned, "possible": points.possible})
            if rng.random() < 0.25:
                moments.append({"evaluation_id": number, "criterion_key": rng.choice(criteria).key, "position": 1,
                                "time": None, "text": "Listen to this part.", "author_id": reviewer.id,
                                "created_at": submitted})
        for model, rows in ((Interaction, interactions), (Evaluation, evaluations),
                            (EvaluationBreakdown, breakdowns), (EvaluationAnswer, answers),
                            (EvaluationMoment, moments)):
            if rows:
                db.session.execute(db.insert(model.__table__), rows)
        db.session.commit()


def _answer(rng, definition, criterion, yes_rate: float) -> str:
    """The best answer at the reviewer's rate, else any answer the chat channel allows."""
    choices = [value for value, _ in definition.allowed_values(criterion, "chat")]
    if rng.random() < yes_rate:
        return max(choices, key=lambda value: fraction_of(criterion, value) or 0.0)
    return rng.choice(choices)


def timed(runs: int, work) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds (SQLite runs in this process, so CPU time counts the query too and is
    steadier than wall time on a busy machine)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def measure(app, people: dict, runs: int) -> None:
    agent_ids = people["agent_ids"]
    with app.app_context():
        today = utcnow().date()
        window = profile_window(today)
        figures = {"answer_rows, everyone in the window (baseline)":
                   timed(runs, lambda: answer_rows(since=window.start, until=window.end)),
                   "agent_profiles, 50 agents": timed(runs, lambda: agent_profiles(agent_ids, as_of=today)),
                   "agent_profile, one agent": timed(runs, lambda: agent_profile(agent_ids[0], as_of=today))}
        (base_wall, base_cpu, rows), (_, _, profiles), _ = figures.values()
        n_evaluations = sum(profile.n_evaluations for profile in profiles.values())
        weak = sum(bool(profile.weaknesses()) for profile in profiles.values())
        adjusted = sum(c.estimate.adjusted is not None for p in profiles.values() for c in p.competencies)
    print(f"window {window.since} to {window.until}: {len(rows)} answer rows from {n_evaluations} evaluations; "
          f"{weak} of {len(profiles)} agents with a weakness; {adjusted} competency scores leniency-adjusted")
    for name, (wall, cpu, _) in figures.items():
        print(f"  {name:<48} median {wall:7.1f} ms wall ({wall / base_wall:.2f} × baseline), "
              f"{cpu:7.1f} ms CPU ({cpu / base_cpu:.2f} ×)")
    client = signed_in_client(app, people["trainer"])
    for name, url in (("page: agents list (50 profiles)", "/coaching/agents"),
                      ("page: one agent's profile", f"/coaching/agents/{agent_ids[0]}/profile")):
        assert client.get(url).status_code == 200, url
        wall, cpu, _ = timed(runs, lambda: client.get(url))   # noqa: B023 (called at once)
        print(f"  {name:<48} median {wall:7.1f} ms wall, {cpu:7.1f} ms CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=2000)
    parser.add_argument("--older", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app = create_app({"DATABASE_URL": f"sqlite:///{root}/bench.db", "INSTANCE_PATH": str(root / "instance"),
                          "QUEUE_URL": f"sqlite:///{root}/queue.db", "STORAGE_PATH": str(root / "files"),
                          "SECRET_KEY": "bench-only-secret-key-0123",
                          "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            people = build(args.evaluations, args.older)
            print(f"built {args.evaluations} evaluations in the window and {args.older} before it in "
                  f"{time.perf_counter() - began:.0f} s")
            db.session.remove()
        measure(app, people, args.runs)


if __name__ == "__main__":
    main()
