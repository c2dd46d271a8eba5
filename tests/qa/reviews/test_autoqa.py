"""AutoQA suggestions, from conversations imported and processed for real: the spaCy tagger finds the tags."""
from __future__ import annotations

from qa.extensions import db
from qa.reviews.autoqa import Suggestion, suggest_answers
from qa.roles import Role
from scorecards.definition import Definition, parse_definition
from tests.scorecards.definition_builders import criterion, definition, section
from tests.transcription.conversations import chat
from transcription.models import Interaction, TagHit
from transcription.tag_store import add_manual_tag, remove_tag

KEY = "check"


def card(rule: dict, answer_type: str = "yes_no", **extra) -> Definition:
    return parse_definition(definition(section("main", criterion(KEY, answer_type, autoqa=rule, **extra))))


def suggest(interaction: Interaction, rule: dict, answer_type: str = "yes_no", **extra) -> Suggestion | None:
    """The one criterion's suggestion; whatever is suggested must be an answer the criterion allows."""
    scorecard = card(rule, answer_type, **extra)
    suggestions = suggest_answers(scorecard, interaction)
    assert set(suggestions) <= {KEY}
    found = suggestions.get(KEY)
    if found is not None:
        allowed = {value for value, _ in scorecard.allowed_values(KEY, interaction.channel)}
        assert found.value in allowed, (found.value, allowed)
        assert found.reason.endswith(".") and found.reason[0].isupper()
    return found


def marked(interaction: Interaction, item: dict) -> str:
    """The text an evidence item points at."""
    line = next(u for u in interaction.utterances if u.position == item["position"])
    return line.text[item["start"]:item["end"]]


def hit(interaction: Interaction, key: str) -> TagHit:
    return next(h for h in interaction.tag_hits if h.key == key and h.active)


def present(tags, **window) -> dict:
    return {"rule": "tag_present", "tags": list(tags)} | window


def absent(tags) -> dict:
    return {"rule": "tag_absent", "tags": list(tags)}


GREETED = ("Agent: Good morning, thanks for contacting Northwind.",
           "Customer: My parcel has not arrived.",
           "Agent: Let me look into that for you.")


def test_a_greeting_in_the_agents_first_turn_is_a_yes_pointing_at_the_words(app):
    interaction = chat(*GREETED)
    found = suggest(interaction, present(["agent.greeting"], first_agent_turns=1))
    assert found.value == "yes" and found.reason == "Greeting found in the agent's first turn."
    [first, *_] = found.evidence
    assert set(first) == {"position", "start", "end", "time", "tag", "note"}
    assert first["position"] == 0 and first["tag"] == "agent.greeting" and first["time"] is None
    assert marked(interaction, first) == "Good morning" and first["note"] == "“Good morning”"


def test_no_greeting_is_a_no_that_shows_the_turns_it_looked_in(app):
    interaction = chat("Customer: Hi, my parcel has not arrived.", "Agent: Let me look into that for you.",
                       "Customer: Thanks.", "Agent: It is on its way.")
    found = suggest(interaction, present(["agent.greeting"], first_agent_turns=2))
    assert found.value == "no" and found.reason == "No greeting found in the agent's first 2 turns."
    assert [(e["position"], e["tag"], e["note"]) for e in found.evidence] == [
        (1, None, "Agent turn 1: no greeting"), (3, None, "Agent turn 2: no greeting")]
    assert marked(interaction, found.evidence[0]) == "Let me look into that for you."
    assert suggest(interaction, present(["agent.greeting"])).evidence == [], "no window: nothing to point at"


def test_first_agent_turns_count_the_agents_lines_not_all_lines(app):
    # The introduction is on line 3 but in the agent's second turn: customers' lines do not count.
    interaction = chat("Agent: Hello there.", "Customer: Hi, I need help with my bill.", "Customer: It is wrong.",
                       "Agent: My name is Priya and I will sort it out.", "Agent: Which month is it?")
    assert hit(interaction, "agent.introduction").utterance.position == 3
    assert suggest(interaction, present(["agent.introduction"], first_agent_turns=2)).value == "yes"
    found = suggest(interaction, present(["agent.introduction"], first_agent_turns=1))
    assert found.value == "no"
    assert found.reason == "No introduction found in the agent's first turn; only in the agent's turn 2."
    [outside] = found.evidence
    assert outside["position"] == 3 and outside["tag"] == "agent.introduction"
    assert outside["note"].startswith("Outside in the agent's first turn: “")


def test_last_agent_turns_look_at_the_end_of_the_conversation(app):
    interaction = chat("Agent: Hello, how can I help?", "Customer: Where is my order?",
                       "Agent: It arrives tomorrow. Is there anything else I can help with?",
                       "Customer: No thanks.", "Agent: Have a good day!", "Customer: Bye.")
    help_offer = present(["agent.further_help_offer"], last_agent_turns=1)
    assert suggest(interaction, help_offer).value == "no"
    found = suggest(interaction, help_offer | {"last_agent_turns": 2})
    assert found.value == "yes" and found.reason == "Further help offer found in the agent's last 2 turns."
    assert [e["position"] for e in found.evidence] == [2]
    assert "anything" in marked(interaction, found.evidence[0]).lower()


def test_any_of_several_tags_will_do_and_the_reason_names_those_found(app):
    interaction = chat(*GREETED)
    found = suggest(interaction, present(["agent.introduction", "agent.greeting"]))
    assert found.value == "yes" and found.reason == "Greeting found."
    found = suggest(interaction, present(["agent.introduction", "agent.apology"]))
    assert found.value == "no" and found.reason == "No introduction or apology found."


def test_a_removed_tag_no_longer_counts_and_a_reviewers_tag_does(app, make_user):
    reviewer = make_user(Role.REVIEWER)
    interaction = chat(*GREETED)
    rule = present(["agent.greeting"], first_agent_turns=1)
    remove_tag(interaction, hit(interaction, "agent.greeting").id, reviewer.id)
    assert suggest(interaction, rule).value == "no"

    add_manual_tag(interaction, "agent.greeting", 2, reviewer.id)  # a greeting the rules missed... on line 2
    assert suggest(interaction, rule).value == "no", "line 2 is the agent's second turn"
    add_manual_tag(interaction, "agent.greeting", 0, reviewer.id)
    found = suggest(interaction, rule)
    assert found.value == "yes"
    [manual] = found.evidence
    assert manual["position"] == 0 and manual["note"] == "Tagged by a reviewer"
    assert marked(interaction, manual) == interaction.utterances[0].text


def test_an_absent_tag_is_a_yes_and_each_hit_is_evidence_of_a_no(app, make_user):
    clean = chat(*GREETED)
    found = suggest(clean, absent(["agent.unprofessional"]))
    assert found == Suggestion("yes", "No unprofessional found.", [])

    rude = chat("Customer: This is the third time I am asking.", "Agent: Calm down.", "Customer: Excuse me?",
                "Agent: Honestly, that is not my problem.")
    found = suggest(rude, absent(["agent.unprofessional"]))
    assert found.value == "no" and found.reason == "Unprofessional found twice."
    assert [(e["position"], marked(rude, e).lower()) for e in found.evidence] == [(1, "calm down"),
                                                                               (3, "not my problem")]

    lead = make_user(Role.QA_LEAD)
    for tag_hit in [h for h in rude.tag_hits if h.key == "agent.unprofessional"]:
        remove_tag(rude, tag_hit.id, lead.id)
    assert suggest(rude, absent(["agent.unprofessional"])).value == "yes", "the reviewer overruled both"


def test_unknown_speakers_give_no_suggestion_for_agent_or_customer_tags(app):
    # Unrecognised labels leave the speakers unknown, as on a mono call: agent tags cannot be found.
    interaction = chat("Rep 1: Good morning, my name is Sam.", "Rep 2: Hi, my card 4111 1111 1111 1111 was charged twice.")
    assert {u.speaker for u in interaction.utterances} == {"unknown"}
    assert suggest(interaction, present(["agent.greeting"])) is None
    assert suggest(interaction, present(["agent.greeting"], first_agent_turns=1)) is None
    assert suggest(interaction, absent(["agent.unprofessional"])) is None
    assert suggest(interaction, absent(["reason.billing"])) is None
    # PII is found whoever said it, so that rule can still decide.
    found = suggest(interaction, absent(["pii.card_number"]))
    assert found.value == "no" and marked(interaction, found.evidence[0]) == "[CARD_NUMBER]"


def test_a_conversation_without_lines_gets_no_suggestions(app):
    interaction = chat(*GREETED)
    interaction.utterances = []  # what a silent recording leaves: nothing was said
    db.session.flush()
    assert suggest_answers(card(absent(["agent.unprofessional"])), interaction) == {}


def test_only_criteria_with_a_rule_on_their_channel_get_a_suggestion(app):
    interaction = chat(*GREETED)
    scorecard = parse_definition(definition(section(
        "main", criterion("greeting", autoqa=present(["agent.greeting"])), criterion("plain"),
        criterion("phone_greeting", autoqa=present(["agent.greeting"]), channels=["phone"]))))
    assert set(suggest_answers(scorecard, interaction)) == {"greeting"}
