"""Review queue and evaluation list latency with 100,000 interactions and 50,000 evaluations (SQLite).

    .venv/bin/python -m bench.review_lists [--interactions 100000] [--evaluations 50000] [--runs 30]

Builds a fresh SQLite database by migration and fills it in bulk: the shipped Customer Care
Specialist scorecard (published), 50 agents in 5 teams, 10 reviewers, N interactions over a year,
M submitted evaluations scored by the real engine (one answer row per criterion), an assignment for
each evaluation plus open ones (some overdue) spread over the reviewers, and a few disputes. Then it
signs in through the real login form and times whole page requests through the Flask test client
(routing, access checks, queries, template rendering), the way a browser would ask for them:
a reviewer's queue, the evaluation list for a QA lead (first page, deep page, filtered by agent, by
score range, by date), and an agent's own list. Target: p95 under 150 ms.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade

from bench.search import percentile
from qa import create_app
from qa.accounts import services as accounts
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationBreakdown
from qa.roles import Role
from qa.sampling.models import Assignment
from scorecards.definition import parse_definition
from scorecards.engine import score
from scorecards.services import import_scorecard_toml, publish_version
from transcription.models import Interaction

DEFAULT_SCORECARD = Path(__file__).resolve().parents[1] / "scorecards/defaults/customer_care_specialist.toml"
AGENTS, TEAMS, REVIEWERS = 50, 5, 10
PASSWORD = "bench-password-123"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
START = datetime(2025, 12, 1)


def build(n_interactions: int, n_evaluations: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    version = import_scorecard_toml(DEFAULT_SCORECARD.read_text(), None)
    publish_version(version.id, None)
    db.session.commit()
    definition = parse_definition(version.definition)
    teams = [accounts.create_team(f"Team {t}") for t in range(TEAMS)]
    agents = [accounts.create_user(f"agent{a}@bench.example", f"Agent {a}", [Role.AGENT],
                                   password=PASSWORD if a == 0 else None, team_id=teams[a % TEAMS].id)
              for a in range(AGENTS)]
    reviewers = [accounts.create_user(f"reviewer{r}@bench.example", f"Reviewer {r}", [Role.REVIEWER],
                                      password=PASSWORD if r == 0 else None) for r in range(REVIEWERS)]
    lead = accounts.create_user("lead@bench.example", "Lead", [Role.QA_LEAD, Role.REVIEWER], password=PASSWORD)
    db.session.commit()
    span = timedelta(days=365) / n_interactions
    _insert_interactions(rng, n_interactions, agents, span)
    _insert_evaluations(rng, n_evaluations, n_interactions, definition, version, agents, reviewers, span)
    _insert_open_assignments(rng, n_interactions, n_evaluations, version.scorecard_id, reviewers, span)
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return {"reviewer": reviewers[0].email, "lead": lead.email, "agent": agents[0].email,
            "some_agent_id": agents[7].id}


def _insert_interactions(rng, n, agents, span) -> None:
    for first in range(1, n + 1, 5000):
        rows = []
        for i in range(first, min(first + 5000, n + 1)):
            agent = agents[rng.randrange(AGENTS)]
            when = START + span * i
            rows.append({"id": i, "content_hash": f"{i:064d}", "channel": rng.choice(["phone", "chat", "email"]),
                         "status": "ready", "agent_id": agent.id, "team_id": agent.team_id,
                         "original_filename": f"{i}.json", "media_kind": "text", "details": {},
                         "created_at": when, "started_at": when, "duration_seconds": rng.uniform(60, 1200)})
        db.session.execute(db.insert(Interaction.__table__), rows)
    db.session.commit()


def _insert_evaluations(rng, n, n_interactions, definition, version, agents, reviewers, span) -> None:
    picked = rng.sample(range(1, n_interactions + 1), n)
    agent_of = dict(db.session.execute(db.text("SELECT id, agent_id FROM interactions")).all())
    criteria = [criterion for _, criterion in definition.criteria()]
    for first in range(0, n, 2000):
        evaluations, breakdowns, answers, assignments = [], [], [], []
        for offset, interaction_id in enumerate(picked[first:first + 2000], start=first + 1):
            values = {c.key: _answer(rng, definition, c) for c in criteria}
            result = score(definition, values)
            reviewer = reviewers[rng.randrange(REVIEWERS)]
            submitted = START + span * interaction_id + timedelta(days=rng.uniform(1, 5))
            assignments.append({"id": offset, "interaction_id": interaction_id, "reviewer_id": reviewer.id,
                                "scorecard_id": version.scorecard_id, "status": "done", "reassigned_reason": "",
                                "due_at": submitted, "created_at": submitted - timedelta(days=1),
                                "completed_at": submitted})
            evaluations.append({
                "id": offset, "interaction_id": interaction_id, "agent_id": agent_of[interaction_id],
                "reviewer_id": reviewer.id, "scorecard_version_id": version.id, "assignment_id": offset,
                "kind": "live", "status": "submitted", "overall_comment": "", "score": result.total,
                "auto_fail_reason": result.auto_fail_reason, "passed": result.passed,
                "seconds_spent": rng.randint(120, 900), "revision": 3,
                "started_at": submitted - timedelta(minutes=10), "updated_at": submitted,
                "submitted_at": submitted, "acknowledged_at": submitted if rng.random() < 0.6 else None})
            breakdowns.append({"evaluation_id": offset, "breakdown": result.to_dict()})
            for key, value in values.items():
                points = result.criteria[key]
                answers.append({"evaluation_id": offset, "criterion_key": key, "value": value, "comment": "",
                                "autoqa_evidence": [], "earned": points.earned, "possible": points.possible})
        db.session.execute(db.insert(Assignment.__table__), assignments)
        db.session.execute(db.insert(Evaluation.__table__), evaluations)
        db.session.execute(db.insert(EvaluationBreakdown.__table__), breakdowns)
        db.session.execute(db.insert(EvaluationAnswer.__table__), answers)
        db.session.commit()


def _answer(rng, definition, criterion) -> str:
    """Mostly good answers, as in a real contact centre: "yes" four times in five, else any answer."""
    choices = [value for value, _ in definition.allowed_values(criterion)]
    return "yes" if "yes" in choices and rng.random() < 0.8 else rng.choice(choices)


def _insert_open_assignments(rng, n_interactions, n_evaluations, scorecard_id, reviewers, span) -> None:
    evaluated = set(db.session.scalars(db.select(Evaluation.interaction_id)))
    free = [i for i in range(n_interactions - 3000, n_interactions + 1) if i not in evaluated]
    now = START + span * n_interactions
    rows = [{"interaction_id": i, "reviewer_id": reviewers[k % REVIEWERS].id, "scorecard_id": scorecard_id,
             "status": "open", "reassigned_reason": "", "created_at": now - timedelta(days=3),
             "due_at": now + timedelta(days=rng.uniform(-2, 4))} for k, i in enumerate(free[:1500])]
    db.session.execute(db.insert(Assignment.__table__), rows)
    db.session.commit()


def signed_in_client(app, email: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF_PATTERN.search(page).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, f"sign-in as {email} failed: {response.status_code}"
    return client


def measure(app, people: dict, runs: int) -> None:
    agent_id = people["some_agent_id"]
    pages = {
        "reviewer's queue": ("reviewer", "/reviews/"),
        "lead: evaluations, first page": ("lead", "/evaluations/"),
        "lead: evaluations, page 200": ("lead", "/evaluations/?page=200"),
        "lead: evaluations of one agent": ("lead", f"/evaluations/?agent={agent_id}"),
        "lead: evaluations scored under 70": ("lead", "/evaluations/?max_score=70"),
        "lead: evaluations in one month": ("lead", "/evaluations/?date_from=2026-03-01&date_to=2026-03-31"),
        "reviewer: own evaluations": ("reviewer", "/evaluations/"),
        "agent: own evaluations": ("agent", "/evaluations/"),
    }
    clients = {who: signed_in_client(app, people[who]) for who in ("reviewer", "lead", "agent")}
    every = []
    for name, (who, url) in pages.items():
        client = clients[who]
        response = client.get(url)
        assert response.status_code == 200, f"{url} as {who}: {response.status_code}"
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        every += times
        print(f"  {name:<36} median {statistics.median(times):6.1f} ms  p95 {percentile(times, 95):6.1f} ms")
    print(f"all pages: {len(every)} requests, median {statistics.median(every):.1f} ms, "
          f"p95 {percentile(every, 95):.1f} ms (target p95 < 150 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--evaluations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
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
            people = build(args.interactions, args.evaluations)
            size = (root / "bench.db").stat().st_size / 2**20
            print(f"built {args.interactions} interactions, {args.evaluations} evaluations in "
                  f"{time.perf_counter() - began:.0f} s; database {size:.0f} MB")
            db.session.remove()
        measure(app, people, args.runs)


if __name__ == "__main__":
    main()
