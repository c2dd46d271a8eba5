"""AutoQA suggestions, from conversations imported and processed for real: the spaCy tagger finds the tags."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.extensions import db
from qa.reviews.autoqa import Suggestion, suggest_answers
from qa.roles import Role
from scorecards.definition import Definition, parse_definition
from scorecards.toml_format import load_default_scorecard
from tests.scorecards.definition_builders import criterion, definition, section
from tests.transcription.conversations import chat, imported
from transcription.measure import measure_call
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
    assert outside["note"].startswith("Not in the agent's first turn: “")


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
    interaction = chat("Rep 1: Good morning, my name is Sam.",
                       "Rep 2: Hi, my card 4111 1111 1111 1111 was charged twice.")
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


VERIFY = {"rule": "verified_before_change", "tags": ["agent.identity_verification"],
          "change_tags": ["reason.account_update"]}


def test_verification_on_an_earlier_line_than_the_change_is_a_yes(app):
    interaction = chat("Agent: Hello, for security could you confirm your postcode?",
                       "Customer: It is on the account. I need to change my address.", "Agent: That is done now.")
    found = suggest(interaction, VERIFY, "yes_no_na")
    assert found.value == "yes" and found.reason == "Identity verification came before the first account update."
    assert [(e["position"], e["tag"]) for e in found.evidence] == [(0, "agent.identity_verification"),
                                                                   (1, "reason.account_update")]
    assert marked(interaction, found.evidence[1]) == "change my address"
    assert found.evidence[1]["note"] == "First account update: “change my address”"


def test_a_change_before_any_verification_is_a_no(app, make_user):
    # The contract's rule compares lines: a customer who asks for the change before the agent verifies
    # them is a no, even when the agent verified before doing it.
    interaction = chat("Customer: Hi, I need to change my address.",
                       "Agent: Sure, for security can you confirm your date of birth?", "Customer: 1 May 1980.")
    found = suggest(interaction, VERIFY)
    assert found.value == "no" and found.reason == "The first account update came before any identity verification."
    assert [(e["position"], e["tag"]) for e in found.evidence] == [(0, "reason.account_update"),
                                                                   (1, "agent.identity_verification")]
    assert found.evidence[1]["note"].startswith("Only after the account update: “")

    lead = make_user(Role.QA_LEAD)
    remove_tag(interaction, hit(interaction, "agent.identity_verification").id, lead.id)
    assert suggest(interaction, VERIFY).reason == (
        "No identity verification anywhere, though there was an account update.")


def test_a_reviewers_verification_tag_counts_and_a_removed_one_does_not(app, make_user):
    lead = make_user(Role.QA_LEAD)
    interaction = chat("Agent: Hello, can you tell me the name on the account and your PIN?",
                       "Customer: Yes. And I need to update my email please.", "Agent: Of course.")
    assert suggest(interaction, VERIFY).value == "no", "the rules do not know this way of verifying"
    add_manual_tag(interaction, "agent.identity_verification", 0, lead.id)
    assert suggest(interaction, VERIFY).value == "yes"
    remove_tag(interaction, hit(interaction, "agent.identity_verification").id, lead.id)
    assert suggest(interaction, VERIFY).value == "no"


def test_no_change_asked_for_is_na_or_yes_where_there_is_no_na(app):
    interaction = chat(*GREETED)
    found = suggest(interaction, VERIFY, "yes_no_na")
    assert found == Suggestion("na", "No account update in this conversation, so nothing needed verifying first.")
    found = suggest(interaction, VERIFY, "yes_no")
    assert found.value == "yes" and found.reason.endswith("Yes, as this question has no N/A.")


def test_verification_needs_known_speakers(app):
    interaction = chat("Rep 1: For security, confirm your postcode.", "Rep 2: I need to change my address.")
    assert suggest(interaction, VERIFY) is None


def call(*cues: tuple[float, float, str, str], measured: bool = True) -> Interaction:
    """A phone call's transcript (WebVTT, as contact-centre tools export it), tagged for real, holds measured.

    Holds are measured from a stereo recording's voice activity, and no shared recording has anyone
    asking to hold. So the call gets the voice activity its cues describe (each side speaking through
    its own cues) and transcription.measure finds the holds in it exactly as for a recording: the rule
    reads only those hold spans and the times of the tag hits. Unmeasured, it is what a mono call
    leaves: lines, tags, no metrics."""
    vtt = "WEBVTT\n\n" + "\n\n".join(f"{_vtt_time(start)} --> {_vtt_time(end)}\n<v {who}>{text}"
                                        for start, end, who, text in cues)
    interaction = imported(vtt.encode(), f"call-{abs(hash(vtt))}.vtt", channel="phone")
    assert interaction.status == "ready" and interaction.metrics is None
    if measured:
        interaction.voice_activity = {side: [[start, end] for start, end, who, _ in cues if who.lower() == side]
                                      for side in ("agent", "customer")}
        interaction.duration_seconds = cues[-1][1] + 1
        interaction.metrics = measure_call(interaction)
        db.session.flush()
    return interaction


def _vtt_time(seconds: float) -> str:
    return f"00:{int(seconds) // 60:02d}:{int(seconds) % 60:02d}.{round(seconds % 1 * 1000):03d}"


HOLD = {"rule": "hold_etiquette"}
OPENING = ((0, 4, "Agent", "Thanks for calling, how can I help?"),
           (5, 9, "Customer", "I was charged twice on my bill."))
ASKED = (10, 14, "Agent", "Let me check that. Could I put you on hold for a minute?")
SURE = (15, 16, "Customer", "Sure.")
# nobody speaks from 16 s to 60 s: a 44-second hold
THANKED = (60, 65, "Agent", "Thank you for holding. I found the second charge.")
CLOSING = ((66, 70, "Customer", "Great."), (71, 75, "Agent", "It is refunded now. Have a good day."))


def test_a_hold_asked_for_and_thanked_for_is_a_yes_with_the_hold_as_evidence(app):
    interaction = call(*OPENING, ASKED, SURE, THANKED, *CLOSING)
    assert interaction.metrics["holds"] == [{"start": 16.0, "end": 60.0}]
    found = suggest(interaction, HOLD, "yes_no_na")
    assert found.value == "yes" and found.reason == "The hold was asked for first and followed by thanks for holding."
    around, request, thanks = found.evidence
    assert around == {"position": 2, "start": 0, "end": len(ASKED[3]), "time": 16.0, "tag": None,
                      "note": "Hold 0:16–1:00 (44 s) — asked for first and thanked after"}
    assert (request["tag"], request["position"], request["time"]) == ("agent.hold_request", 2, 10.0)
    assert "put you on hold" in marked(interaction, request)
    assert (thanks["tag"], thanks["position"], thanks["time"]) == ("agent.hold_thanks", 4, 60.0)


def test_a_hold_without_a_request_in_the_agents_last_line_before_it_is_a_no(app):
    interaction = call(*OPENING, (10, 14, "Agent", "Let me check that."), SURE, THANKED, *CLOSING)
    found = suggest(interaction, HOLD)
    assert found.value == "no" and found.reason == "The hold was not asked for first."
    assert found.evidence[0]["note"] == "Hold 0:16–1:00 (44 s) without a hold request"
    assert found.evidence[0]["position"] == 2

    # Asked, but two lines earlier: the rule looks only in the agent's last line before the hold.
    early = call((0, 4, "Agent", "Hello. Please hold while I open your account."),
                 (5, 9, "Customer", "I was charged twice."), (10, 14, "Agent", "Let me check that."), SURE,
                 THANKED, *CLOSING)
    assert suggest(early, HOLD).value == "no"


def test_a_hold_without_thanks_after_it_or_over_the_limit_is_a_no(app):
    unthanked = call(*OPENING, ASKED, SURE, (60, 65, "Agent", "Right, I found the second charge."), *CLOSING)
    found = suggest(unthanked, HOLD)
    assert found.value == "no" and found.reason == "The hold was not followed by thanks for holding."
    assert found.evidence[0]["note"] == "Hold 0:16–1:00 (44 s) without thanks after it"

    polite = call(*OPENING, ASKED, SURE, THANKED, *CLOSING)
    found = suggest(polite, HOLD | {"max_hold_seconds": 30})
    assert found.value == "no" and found.reason == "The hold was over the 30 s limit."
    assert found.evidence[0]["note"] == "Hold 0:16–1:00 (44 s) longer than the 30 s limit"
    assert suggest(polite, HOLD | {"max_hold_seconds": 45}).reason == (
        "The hold was asked for first and followed by thanks for holding, and none was over the 45 s limit.")


def test_each_hold_is_judged_on_its_own(app):
    interaction = call(*OPENING, ASKED, SURE, THANKED, (66, 70, "Customer", "Can you check the other bill too?"),
                       (71, 75, "Agent", "Bear with me."),
                       (110, 115, "Agent", "So the other bill is fine."), (116, 118, "Customer", "Bye."))
    assert [(h["start"], h["end"]) for h in interaction.metrics["holds"]] == [(16.0, 60.0), (75.0, 110.0)]
    found = suggest(interaction, HOLD)
    assert found.value == "no" and found.reason == "Of the 2 holds, 1 was not followed by thanks for holding."
    notes = [e["note"] for e in found.evidence if e["tag"] is None]
    assert notes == ["Hold 0:16–1:00 (44 s) — asked for first and thanked after",
                     "Hold 1:15–1:50 (35 s) without thanks after it"]


def test_a_removed_hold_request_no_longer_counts_and_a_reviewers_thanks_does(app, make_user):
    lead = make_user(Role.QA_LEAD)
    interaction = call(*OPENING, ASKED, SURE, (60, 65, "Agent", "Cheers, I found the second charge."), *CLOSING)
    assert suggest(interaction, HOLD).value == "no"
    add_manual_tag(interaction, "agent.hold_thanks", 4, lead.id)
    assert suggest(interaction, HOLD).value == "yes"
    remove_tag(interaction, hit(interaction, "agent.hold_request").id, lead.id)
    assert suggest(interaction, HOLD).reason == "The hold was not asked for first."


def test_no_hold_is_na_or_yes_and_an_unmeasured_call_gets_no_suggestion(app):
    quick = call(*OPENING, (10, 14, "Agent", "It is refunded now."), (15, 16, "Customer", "Thanks."))
    assert quick.metrics["holds"] == []
    assert suggest(quick, HOLD, "yes_no_na") == Suggestion("na", "No hold in this call.")
    assert suggest(quick, HOLD, "yes_no") == Suggestion(
        "yes", "No hold in this call. Yes, as this question has no N/A.")
    assert suggest(chat(*GREETED), HOLD, "yes_no_na") == Suggestion("na", "No hold in this chat.")

    mono = call(*OPENING, ASKED, SURE, THANKED, *CLOSING, measured=False)
    assert hit(mono, "agent.hold_request"), "the tags are there, but nobody measured the silence"
    assert suggest(mono, HOLD) is None
    assert suggest(mono, {"rule": "metric_at_most", "metric": "hold_seconds", "value": 60}) is None


def test_metric_limits_read_the_call_metrics(app):
    interaction = call(*OPENING, ASKED, SURE, THANKED, *CLOSING)
    found = suggest(interaction, {"rule": "metric_at_most", "metric": "hold_seconds", "value": 60})
    assert found == Suggestion("yes", "The hold time was 44 s, within the limit of 60 s (1:00).")
    found = suggest(interaction, {"rule": "metric_at_most", "metric": "hold_count", "value": 0})
    assert found == Suggestion("no", "The number of holds was 1, over the limit of 0.")
    assert interaction.metrics["agent_talk_share"] == round(17 / 26, 4)  # 17 s of the 26 s of talk
    found = suggest(interaction, {"rule": "metric_at_least", "metric": "agent_talk_share", "value": 0.5})
    assert found == Suggestion("yes", "The agent's share of the talk was 65%, reaching the minimum of 50%.")
    found = suggest(interaction, {"rule": "metric_at_least", "metric": "agent_talk_share", "value": 0.7})
    assert found == Suggestion("no", "The agent's share of the talk was 65%, under the minimum of 70%.")
    found = suggest(interaction, {"rule": "metric_at_least", "metric": "hold_seconds", "value": 44})
    assert found.value == "yes", "the bound itself passes"


def test_metric_limits_have_nothing_to_check_on_a_chat(app):
    rule = {"rule": "metric_at_most", "metric": "longest_silence_seconds", "value": 30}
    interaction = chat(*GREETED)
    assert suggest(interaction, rule, "yes_no_na") == Suggestion("na", "A chat has no call metrics to check.")
    assert suggest(interaction, rule).value == "yes"


def test_a_metric_the_call_could_not_measure_gets_no_suggestion(app):
    # The agent's channel stayed silent (the agent's lines are the transcript's, not the recording's),
    # so there is no first response to time.
    interaction = call(*OPENING, ASKED, SURE, THANKED, *CLOSING)
    interaction.voice_activity = interaction.voice_activity | {"agent": []}
    interaction.metrics = measure_call(interaction)
    assert interaction.metrics["first_agent_response_seconds"] is None
    wait = {"rule": "metric_at_most", "metric": "first_agent_response_seconds", "value": 5}
    assert suggest(interaction, wait) is None


TWEETSUMM = Path(__file__).resolve().parents[4] / "shared" / "data" / "chats" / "tweetsumm.jsonl"
# Three real TweetSumm conversations and what the default scorecard's rules should make of them:
# criterion → (suggested value, the lines its evidence points at).
TWEETSUMM_EXPECTED = {
    # Tesco: greets and sympathises on line 1, offers more help and closes on line 7.
    "ecc9c0719a66a52a8013746716a61395": {
        "greeting": ("yes", [1]), "empathy_statement": ("yes", [1]), "further_help": ("yes", [7]),
        "closing": ("yes", [7]), "professional_tone": ("yes", []), "identity_verification": ("na", []),
        "customer_identified": ("no", [1, 2, 5, 7])},
    # Tesco: the customer accepts a refund on line 3 and nobody checks who they are (details go by DM).
    "26dc74c62ab8f1266618b1969cd73ccf": {
        "greeting": ("yes", [1]), "further_help": ("yes", [9]), "identity_verification": ("no", [3]),
        "empathy_statement": ("no", [])},
    # Tesco: asks for the postcode in the agent's first turn; sorry to hear about the wasted trip on line 5.
    "0ef930d81651dc0c622809c293eb30ea": {
        "customer_identified": ("yes", [1]), "greeting": ("yes", [1, 3]), "empathy_statement": ("yes", [5]),
        "identity_verification": ("na", []), "closing": ("no", [10, 12])},
}


@pytest.fixture(scope="module")
def tweetsumm_dialogs():
    if not TWEETSUMM.exists():
        pytest.skip(f"shared data not found at {TWEETSUMM}")
    dialogs = (json.loads(line) for line in TWEETSUMM.read_text(encoding="utf-8").splitlines())
    return {d["dialog_id"]: d for d in dialogs if d["dialog_id"] in TWEETSUMM_EXPECTED}


@pytest.mark.parametrize("dialog_id", list(TWEETSUMM_EXPECTED))
def test_the_default_scorecard_on_real_tweetsumm_conversations(app, tweetsumm_dialogs, dialog_id):
    _, _, scorecard = load_default_scorecard()
    interaction = imported(tweetsumm_dialogs[dialog_id]["raw_text"].encode(), f"{dialog_id}.txt")
    assert interaction.channel == "chat"
    suggestions = suggest_answers(scorecard, interaction)
    with_rules = {c.key for _, c in scorecard.criteria() if c.autoqa is not None}
    # Hold etiquette and hold time are phone-only: a chat's answer there is N/A without AutoQA.
    assert set(suggestions) == with_rules - {"hold_etiquette", "hold_time"}
    for key, suggestion in suggestions.items():
        assert suggestion.value in {value for value, _ in scorecard.allowed_values(key, "chat")}
    for key, (value, lines) in TWEETSUMM_EXPECTED[dialog_id].items():
        found = suggestions[key]
        assert (found.value, [e["position"] for e in found.evidence]) == (value, lines), (key, found)
        rule = scorecard.criterion(key).autoqa
        for item in found.evidence:
            if item["tag"] is not None:
                assert item["tag"] in rule.tags + rule.change_tags and marked(interaction, item)
