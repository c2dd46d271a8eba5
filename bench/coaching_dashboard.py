"""Trainer dashboard and effect page latency with 100 agents, 5,000 evaluations and 50 plans (SQLite).

    .venv/bin/python -m bench.coaching_dashboard [--agents 100] [--evaluations 5000] [--plans 50] [--runs 20]

Builds a fresh SQLite database by migration and fills it in bulk: the shipped Customer Care Specialist
scorecard (published), N agents in 5 teams, 10 reviewers, one interaction per evaluation and M submitted live
evaluations over the last 180 days scored by the real engine (one answer row per criterion), 8 published
coaching modules, P plans (proposed, active — some past their goal date — and completed, most modules done
at various times so modules have effects to measure) and a few sessions for the trainer. Then it signs in
through the login form and times whole page requests through the Flask test client: the dashboard (all
teams, one team) and the effect page, each cold (the modules' effects computed, as on the first visit after
an evaluation or a plan changed) and warm (kept: training.effect.cache). The baseline is
`training.scores.answer_rows` alone over the profile's 90 days, which every page of coaching reads at least
once; the ratio says how much the page costs on top of reading its rows.
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

from bench.review_lists import DEFAULT_SCORECARD, PASSWORD, _answer, signed_in_client
from bench.search import percentile
from qa import create_app
from qa.accounts import services as accounts
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationBreakdown
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.competencies import COMPETENCIES
from scorecards.definition import parse_definition
from scorecards.engine import score
from scorecards.services import import_scorecard_toml, publish_version
from training.memo import forget_all
from training.modules.models import CoachingModule
from training.plans.models import CoachingPlan, PlanModule
from training.scores import answer_rows
from training.sessions.models import CoachingSession
from transcription.models import Interaction

TEAMS, REVIEWERS, MODULES, SPAN_DAYS = 5, 10, 8, 180
CHANNELS = ["phone", "chat", "email"]


def build(n_agents: int, n_evaluations: int, n_plans: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    version = import_scorecard_toml(DEFAULT_SCORECARD.read_text(), None)
    publish_version(version.id, None)
    db.session.commit()
    teams = [accounts.create_team(f"Team {t}") for t in range(TEAMS)]
    agents = [accounts.create_user(f"agent{a}@bench.example", f"Agent {a}", [Role.AGENT], team_id=teams[a % TEAMS].id)
              for a in range(n_agents)]
    reviewers = [accounts.create_user(f"reviewer{r}@bench.example", f"Reviewer {r}", [Role.REVIEWER])
                 for r in range(REVIEWERS)]
    trainer = accounts.create_user("trainer@bench.example", "Trainer", [Role.TRAINER], password=PASSWORD)
    db.session.commit()
    now = utcnow()
    _insert_evaluations(rng, n_evaluations, parse_definition(version.definition), version, agents, reviewers, now)
    modules = _insert_modules(rng, trainer)
    _insert_plans(rng, n_plans, agents, modules, trainer, now)
    _insert_sessions(rng, agents, trainer, now)
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return {"trainer": trainer.email, "team_id": teams[0].id}


def _insert_evaluations(rng, n, definition, version, agents, reviewers, now) -> None:
    criteria = [criterion for _, criterion in definition.criteria()]
    # Each agent has their own level, so some fall below the threshold and need attention.
    skill = {agent.id: rng.uniform(0.55, 0.95) for agent in agents}
    for first in range(1, n + 1, 1000):
        interactions, evaluations, breakdowns, answers = [], [], [], []
        for i in range(first, min(first + 1000, n + 1)):
            agent = agents[rng.randrange(len(agents))]
            submitted = now - timedelta(days=rng.uniform(0, SPAN_DAYS))
            started = submitted - timedelta(days=2)
            interactions.append({"id": i, "content_hash": f"{i:064d}", "channel": rng.choice(CHANNELS),
                                 "status": "ready", "agent_id": agent.id, "team_id": agent.team_id,
                                 "original_filename": f"{i}.json", "media_kind": "text", "details": {},
                                 "created_at": started, "started_at": started,
                                 "duration_seconds": rng.uniform(60, 1200)})
            values = {c.key: _skilled_answer(rng, definition, c, skill[agent.id]) for c in criteria}
            result = score(definition, values)
            evaluations.append({
                "id": i, "interaction_id": i, "agent_id": agent.id, "reviewer_id": reviewers[i % REVIEWERS].id,
                "scorecard_version_id": version.id, "kind": "live", "status": "submitted", "overall_comment": "",
                "score": result.total, "auto_fail_reason": result.auto_fail_reason, "passed": result.passed,
                "seconds_spent": 300, "revision": 2, "started_at": submitted - timedelta(minutes=10),
                "updated_at": submitted, "submitted_at": submitted})
            breakdowns.append({"evaluation_id": i, "breakdown": result.to_dict()})
            for key, value in values.items():
                points = result.criteria[key]
                answers.append({"evaluation_id": i, "criterion_key": key, "value": value, "comment": "",
                                "autoqa_evidence": [], "earned": points.earned, "possible": points.possible})
        db.session.execute(db.insert(Interaction.__table__), interactions)
        db.session.execute(db.insert(Evaluation.__table__), evaluations)
        db.session.execute(db.insert(EvaluationBreakdown.__table__), breakdowns)
        db.session.execute(db.insert(EvaluationAnswer.__table__), answers)
        db.session.commit()


def _skilled_answer(rng, definition, criterion, skill: float) -> str:
    choices = [value for value, _ in definition.allowed_values(criterion)]
    return "yes" if "yes" in choices and rng.random() < skill else _answer(rng, definition, criterion)


def _insert_modules(rng, trainer) -> list[CoachingModule]:
    keys = list(COMPETENCIES)
    modules = [CoachingModule(title=f"Module {m}", competencies=rng.sample(keys, 2), status="published",
                              estimated_minutes=15, author_id=trainer.id) for m in range(MODULES)]
    db.session.add_all(modules)
    db.session.commit()
    return modules


def _insert_plans(rng, n, agents, modules, trainer, now) -> None:
    for p, agent in enumerate(rng.sample(agents, n)):
        kind = ("proposed", "active", "active", "completed")[p % 4]
        assigned = None if kind == "proposed" else now - timedelta(days=rng.uniform(20, SPAN_DAYS - 40))
        chosen = rng.sample(modules, rng.randint(1, 3))
        plan = CoachingPlan(agent_id=agent.id, trainer_id=trainer.id, status=kind, source="proposed",
                            title=f"Plan {p}", focus=sorted({key for m in chosen for key in m.competencies}),
                            goal_competency=chosen[0].competencies[0], goal_target=80,
                            goal_due=(now + timedelta(days=rng.uniform(-30, 60))).date(), assigned_at=assigned,
                            completed_at=now - timedelta(days=5) if kind == "completed" else None)
        for position, module in enumerate(chosen):
            done = assigned is not None and rng.random() < 0.75
            finished = assigned + timedelta(days=rng.uniform(1, 10)) if done else None
            plan.modules.append(PlanModule(module_id=module.id, position=position,
                                           status="done" if done else "todo", started_at=finished,
                                           completed_at=finished, seconds_spent=rng.randint(300, 2400) if done else 0))
        db.session.add(plan)
    db.session.commit()


def _insert_sessions(rng, agents, trainer, now) -> None:
    db.session.add_all(CoachingSession(agent_id=rng.choice(agents).id, coach_id=trainer.id,
                                       scheduled_at=now + timedelta(days=rng.uniform(-20, 20)), status="scheduled")
                       for _ in range(30))
    db.session.commit()


def timed(action, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run (CPU time tells this work from a busy machine's waiting)."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def report(name: str, figures: tuple[list[float], list[float]]) -> float:
    walls, cpus = figures
    median = statistics.median(walls)
    print(f"  {name:<36} median {median:7.1f} ms  p95 {percentile(walls, 95):7.1f} ms  "
          f"(CPU median {statistics.median(cpus):7.1f} ms)")
    return median


def measure(app, people: dict, runs: int) -> None:
    client = signed_in_client(app, people["trainer"])
    with app.app_context():
        since = utcnow() - timedelta(days=app.config["COACHING_PROFILE_DAYS"])
        n_rows = len(answer_rows(since=since))
        baseline = report(f"answer_rows, 90 days ({n_rows} rows)", timed(lambda: answer_rows(since=since), runs))
        db.session.remove()
    pages = {"dashboard, all teams": "/coaching/", "dashboard, one team": f"/coaching/?team={people['team_id']}",
             "effect of modules": "/coaching/effect/"}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        # Cold: as on the first visit after an evaluation or a plan changed (the modules' effects computed);
        # warm: nothing changed since the last visit (the effects kept, only their fingerprint read).
        cold = report(f"{name} (cold)", timed(lambda url=url: (forget_all(), client.get(url)), runs))
        warm = report(f"{name} (warm)", timed(lambda url=url: client.get(url), runs))
        print(f"  {'':<36} {cold / baseline:.1f} × / {warm / baseline:.1f} × the answer rows' read")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--evaluations", type=int, default=5000)
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
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
            people = build(args.agents, args.evaluations, args.plans)
            print(f"built {args.agents} agents, {args.evaluations} evaluations, {args.plans} plans in "
                  f"{time.perf_counter() - began:.0f} s")
            db.session.remove()
        measure(app, people, args.runs)


if __name__ == "__main__":
    main()
