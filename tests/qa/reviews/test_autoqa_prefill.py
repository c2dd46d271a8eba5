"""AutoQA pre-fills what it can decide, but never fails an evaluation on its own."""
from qa.reviews.services import start_evaluation
from qa.roles import Role
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat


def _definition(critical: str | None) -> dict:
    return {"sections": [{"key": "opening", "name": "Opening", "weight": 1, "criteria": [
        {"key": "greeting", "question": "Did the agent greet the customer?", "answer_type": "yes_no", "weight": 1,
         "autoqa": {"rule": "tag_present", "tags": ["agent.greeting"], "first_agent_turns": 2}},
        {"key": "verified", "question": "Did the agent verify the customer first?", "answer_type": "yes_no",
         "weight": 1, "critical": critical,
         "autoqa": {"rule": "tag_present", "tags": ["agent.identity_verification"]}}]}]}


def _start(app, critical):
    agent, reviewer = make_person(Role.AGENT), make_person(Role.REVIEWER)
    chat = ready_chat(agent, "Agent: Hello, thanks for contacting Acme support.",
                      "Customer: My refund has not arrived.", "Agent: Let me look at the refund for you.")
    evaluation = start_evaluation(chat.id, reviewer.id, scorecard_id=published_scorecard(_definition(critical)).id)
    return {a.criterion_key: a for a in evaluation.answers}


def test_a_suggestion_that_would_fail_a_critical_criterion_is_shown_but_not_chosen(app):
    answers = _start(app, critical="form")
    assert answers["greeting"].value == "yes" == answers["greeting"].autoqa_value
    assert answers["verified"].autoqa_value == "no" and answers["verified"].value is None
    assert answers["verified"].autoqa_reason


def test_the_same_suggestion_on_an_ordinary_criterion_is_pre_filled(app):
    answers = _start(app, critical=None)
    assert answers["verified"].value == "no" == answers["verified"].autoqa_value
