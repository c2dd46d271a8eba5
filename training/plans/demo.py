"""Demo coaching plans, after the demo reviews (qa.demo's demo_loaded): both sides of a plan to click through.

- Jordan's week of chats (demo_conversations/): five short ones, solved but curt with upset customers,
  imported, processed here and reviewed through the review services by Rita and Lee, answers as a reviewer
  would give them (AutoQA's where it decided). With the billing dispute that is enough evidence for the real
  proposal job to propose an empathy plan for Jordan: the trainer's side, waiting for review.
- Alex (agent@example.com) has an active plan Theo wrote by hand after Lee's review ("recap what was agreed
  before closing"), with a module: the agent's side, under My coaching.
- Two published modules, each with a clip of a demo interaction (training.plans.demo_modules).

Running it again adds nothing: chats are imported once, each is reviewed once, the modules and Alex's plan
are found by title, and the job never proposes beside an open plan.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from qa.extensions import db
from qa.jobs.services import execute_job
from qa.reviews.models import Evaluation
from qa.reviews.moments import pin_moment
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.engine import fraction_of
from scorecards.services import find_scorecard_by_name
from training.plans.models import CoachingPlan
from training.plans.services import PlanInput, assign_plan, create_plan
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction, InteractionStatus

CONVERSATIONS = Path(__file__).parent / "demo_conversations"
SCORECARD_NAME = "Customer Care Specialist"
# file → (reviewer, what the reviewer answered beyond AutoQA, a moment pinned on a line: (position, text, criterion)).
# Jordan always gives his name (AutoQA misses "Hi, Jordan."), and where the chat left nothing open there is no
# follow-up to commit to.
SOLVED = {"introduction": "yes", "follow_up_commitment": "na"}
JORDAN_REVIEWS = {
    "late-delivery.txt": ("reviewer@example.com", {
        "introduction": "yes", "empathy_statement": "no", "empathy": "1", "resolved_or_escalated": "partly",
        "summary": "no", "further_help": "no", "closing": "no", "proactive_help": "no"},
        (5, "The party was yesterday: say you are sorry it missed it before giving the date.", "empathy")),
    "damaged-item.txt": ("lead@example.com", {
        **SOLVED, "empathy_statement": "no", "empathy": "2", "further_help": "no", "closing": "no"},
        (5, "The customer asked for an apology and got the tracking again.", "empathy")),
    "refund-chase.txt": ("reviewer@example.com", {
        **SOLVED, "empathy_statement": "no", "empathy": "1", "further_help": "no", "closing": "no",
        "proactive_help": "no"},
        (3, "Third time asking: acknowledge the wait before the facts.", "empathy")),
    "wrong-size.txt": ("lead@example.com", {**SOLVED, "empathy_statement": "yes", "empathy": "4",
                                            "further_help": "no"}, None),
    "missing-voucher.txt": ("reviewer@example.com", {
        **SOLVED, "empathy_statement": "no", "empathy": "2", "further_help": "no", "closing": "no"},
        (1, "'Fed up with chasing you' deserved an answer before a question.", "empathy")),
}
ALEX_PLAN = "Recap before you close"


def load_demo_plans(sender, teams: dict, users: dict) -> None:
    from qa.reviews.demo import load_demo_reviews
    from training.plans.demo_modules import demo_modules
    from training.plans.jobs import propose_plans
    from transcription.demo import load_demo_interactions

    # Blinker calls demo_loaded's receivers in no set order (their ids sit in a set), so the demo chats and
    # reviews this builds on are loaded here first; both add nothing when they have run already.
    load_demo_interactions(sender, teams, users)
    load_demo_reviews(sender, teams, users)
    scorecard = find_scorecard_by_name(SCORECARD_NAME)
    jordan, trainer = users["jordan@example.com"], users["trainer@example.com"]
    for name, (reviewer, answers, moment) in JORDAN_REVIEWS.items():
        interaction = _ready_chat(name, jordan)
        if interaction is not None:
            _review(interaction, scorecard.id, users[reviewer].id, answers, moment)
    modules = demo_modules(users)
    _alex_plan(users["agent@example.com"], trainer, modules["closing"])
    db.session.flush()
    propose_plans()


def _ready_chat(name: str, agent) -> Interaction | None:
    import_file((CONVERSATIONS / name).read_bytes(), name,
                ImportOptions(agent_id=agent.id, team_id=agent.team_id, channel="chat"))
    db.session.commit()  # the import's job must be visible to the job runner's own commits
    interaction = db.session.scalar(db.select(Interaction).where(Interaction.original_filename == name,
                                                                 Interaction.agent_id == agent.id))
    if interaction is not None and interaction.status == InteractionStatus.RECEIVED.value and interaction.job_id:
        execute_job(interaction.job_id)
        db.session.refresh(interaction)
    return interaction if interaction is not None and interaction.status == InteractionStatus.READY.value else None


def _review(interaction: Interaction, scorecard_id: int, reviewer_id: int, given: dict[str, str],
            moment: tuple[int, str, str] | None) -> None:
    if db.session.scalar(db.select(Evaluation.id).where(Evaluation.interaction_id == interaction.id,
                                                        Evaluation.reviewer_id == reviewer_id)):
        return
    evaluation = start_evaluation(interaction.id, reviewer_id, scorecard_id=scorecard_id)
    definition = parse_definition(evaluation.version.definition)
    answers = {}
    for answer in evaluation.answers:
        value = given.get(answer.criterion_key) or answer.value or _best(definition, answer.criterion_key,
                                                                         interaction.channel)
        answers[answer.criterion_key] = AnswerInput(value)
    save_answers(evaluation.id, reviewer_id, answers, base_revision=evaluation.revision, seconds=80)
    if moment is not None:
        pin_moment(evaluation.id, reviewer_id, *moment)
    submit_evaluation(evaluation.id, reviewer_id)


def _best(definition, key: str, channel: str) -> str:
    """Where the reviewer said nothing and AutoQA could not decide: Jordan did that part well."""
    criterion = definition.criterion(key)
    choices = [value for value, _ in definition.allowed_values(criterion, channel)]
    return max(choices, key=lambda value: fraction_of(criterion, value) or 0)


def _alex_plan(alex, trainer, module) -> None:
    if db.session.scalar(db.select(CoachingPlan.id).where(CoachingPlan.agent_id == alex.id,
                                                          CoachingPlan.title == ALEX_PLAN)):
        return
    plan = create_plan(alex.id, PlanInput(
        title=ALEX_PLAN, focus=["communication", "ownership_follow_up"], goal_competency="communication",
        goal_target=85.0, goal_due=utcnow().date() + timedelta(weeks=6), module_ids=[module.id],
        note="Your contacts are friendly and quick. Before you close, play back what was agreed: the order number, "
             "what happens next and when. This module shows a call where that is done well."), trainer.id)
    assign_plan(plan.id, trainer.id)
