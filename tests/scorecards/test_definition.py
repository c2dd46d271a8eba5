import re

import pytest

from qa.errors import Refused
from scorecards.autoqa_rules import METRICS
from scorecards.definition import DefinitionError, parse_definition
from scorecards.validation import CHANNELS
from tests.scorecards.definition_builders import criterion, definition, section, worked_example


def test_a_definition_round_trips_through_its_canonical_json():
    data = worked_example(channels=["phone", "chat"])
    data["sections"][0]["criteria"][0]["autoqa"] = {"rule": "tag_present", "tags": ["agent.greeting"],
                                                    "first_agent_turns": 2}
    data["sections"][1]["criteria"][1]["scale"]["labels"] = {"5": "Excellent", "1": "Poor"}
    parsed = parse_definition(data)
    canonical = parsed.to_dict()
    assert parse_definition(canonical) == parsed
    assert parse_definition(canonical).to_dict() == canonical
    greeting = canonical["sections"][0]["criteria"][0]
    assert greeting == {"key": "greeting", "question": "Did the agent do greeting?", "guidance": "",
                        "answer_type": "yes_no", "weight": 1, "critical": None, "competency": None, "channels": [],
                        "autoqa": {"rule": "tag_present", "tags": ["agent.greeting"], "first_agent_turns": 2}}
    assert canonical["sections"][1]["criteria"][1]["scale"] == {"min": 1, "max": 5,
                                                                "labels": {"1": "Poor", "5": "Excellent"}}


def test_helpers_list_criteria_in_order_with_their_section_and_their_allowed_answers():
    data = worked_example()
    data["sections"][1]["criteria"][1]["scale"]["labels"] = {"1": "Poor", "5": "Excellent"}
    data["sections"][0]["criteria"][0]["channels"] = ["phone"]
    parsed = parse_definition(data)
    assert [(s.key, c.key) for s, c in parsed.criteria()] == [
        ("opening", "greeting"), ("opening", "introduction"), ("resolution", "accurate"), ("resolution", "empathy"),
        ("resolution", "process"), ("compliance", "verification"), ("extra_mile", "went_beyond")]
    assert parsed.criterion("process").answer_type == "points"
    assert parsed.section_of("process").key == "resolution"
    with pytest.raises(KeyError):
        parsed.criterion("nope")
    assert parsed.allowed_values("greeting") == [("yes", "Yes"), ("no", "No")]
    assert parsed.allowed_values("introduction") == [("yes", "Yes"), ("no", "No"), ("na", "N/A")]
    assert parsed.allowed_values("empathy") == [("1", "1 – Poor"), ("2", "2"), ("3", "3"), ("4", "4"),
                                                ("5", "5 – Excellent")]
    assert parsed.allowed_values("process") == [("full", "Fully"), ("partial", "Partly"), ("none", "Not at all")]
    assert parsed.applies_to("greeting", "phone") and parsed.applies_to("greeting", None)
    assert not parsed.applies_to("greeting", "email") and parsed.applies_to("introduction", "email")
    assert parsed.allowed_values("greeting", channel="email") == [("na", "N/A")]


def test_optional_fields_default_sensibly():
    parsed = parse_definition(definition())
    assert (parsed.pass_mark, parsed.allow_over_100, parsed.channels) == (None, False, ())
    [(main, check)] = parsed.criteria()
    assert (main.bonus, check.guidance, check.critical, check.competency, check.autoqa) == (False, "", None, None, None)


def test_the_error_is_a_refusal_views_can_show():
    assert issubclass(DefinitionError, Refused)
    with pytest.raises(DefinitionError) as caught:
        parse_definition(definition(section("opening", criterion("greeting", weight=-1))))
    assert caught.value.field_path == 'section "opening" › criterion "greeting" › weight'
    assert str(caught.value).startswith('section "opening" › criterion "greeting" › weight: must be a number greater')


def _set(path, value):
    """A change to the worked example: path is a list of keys/indexes into it."""
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        return data
    return change


def _criteria(number):
    return ["sections", 1, "criteria", number]


BAD = [
    # (what, change to the worked example, the field named, what the message says)
    ("only bonus sections", lambda d: {"sections": [d["sections"][3]]}, "sections", "total weight is zero"),
    ("section weight 0", _set(["sections", 0, "weight"], 0), 'section "opening" › weight', "greater than 0"),
    ("criterion weight 0", _set(_criteria(0) + ["weight"], 0), 'criterion "accurate" › weight', "greater than 0"),
    ("negative weight", _set(_criteria(2) + ["weight"], -2), 'criterion "process" › weight', "greater than 0"),
    ("weight as text", _set(["sections", 0, "weight"], "20"), 'section "opening" › weight', "must be a number"),
    ("empty section", _set(["sections", 0, "criteria"], []), 'section "opening" › criteria', "at least one criterion"),
    ("no sections", _set(["sections"], []), "sections", "at least one section"),
    ("critical in bonus", _set(["sections", 3, "criteria", 0, "critical"], "section"),
     'section "extra_mile" › criterion "went_beyond" › critical', "bonus section's criteria cannot be critical"),
    ("unknown critical scope", _set(_criteria(0) + ["critical"], "always"), 'criterion "accurate" › critical',
     "section, form"),
    ("scale min = max", _set(_criteria(1) + ["scale"], {"min": 3, "max": 3}), 'criterion "empathy" › scale',
     "min must be below max"),
    ("scale min > max", _set(_criteria(1) + ["scale"], {"min": 5, "max": 1}), 'criterion "empathy" › scale',
     "min must be below max"),
    ("label out of range", _set(_criteria(1) + ["scale"], {"min": 1, "max": 5, "labels": {"6": "Wow"}}),
     'criterion "empathy" › scale › labels › 6', "whole number from 1 to 5"),
    ("label not a number", _set(_criteria(1) + ["scale"], {"min": 1, "max": 5, "labels": {"top": "Wow"}}),
     "labels › top", "whole number from 1 to 5"),
    ("scale too wide", _set(_criteria(1) + ["scale"], {"min": 0, "max": 100}), "scale", "at most 11 points"),
    ("fractional scale", _set(_criteria(1) + ["scale"], {"min": 1, "max": 4.5}), "scale › max", "whole number"),
    ("scale missing", lambda d: (d["sections"][1]["criteria"][1].pop("scale"), d)[1], 'criterion "empathy" › scale',
     "needs a scale"),
    ("scale on yes_no", _set(_criteria(0) + ["scale"], {"min": 1, "max": 5}), 'criterion "accurate" › scale',
     "only a scale criterion"),
    ("duplicate criterion key", _set(["sections", 2, "criteria", 0, "key"], "greeting"),
     'section "compliance" › criterion "greeting" › key', "across the whole scorecard"),
    ("duplicate section key", _set(["sections", 2, "key"], "opening"), 'section "opening" › key', "section keys"),
    ("unknown answer type", _set(_criteria(0) + ["answer_type"], "stars"), 'criterion "accurate" › answer_type',
     "yes_no, yes_no_na, scale, points"),
    ("misspelt criterion field", _set(_criteria(0) + ["wieght"], 3), 'criterion "accurate" › wieght',
     'did you mean "weight"'),
    ("misspelt section field", _set(["sections", 0, "bonsu"], True), 'section "opening" › bonsu', "not a field"),
    ("misspelt top-level field", _set(["pass_mrak"], 80), "pass_mrak", 'did you mean "pass_mark"'),
    ("missing question", lambda d: (d["sections"][0]["criteria"][0].pop("question"), d)[1],
     'criterion "greeting" › question', "is required"),
    ("empty question", _set(["sections", 0, "criteria", 0, "question"], "  "), "question", "non-empty text"),
    ("autoqa on scale", _set(_criteria(1) + ["autoqa"], {"rule": "tag_present", "tags": ["agent.empathy"]}),
     'criterion "empathy" › autoqa', "only yes_no and yes_no_na"),
    ("autoqa on points", _set(_criteria(2) + ["autoqa"], {"rule": "tag_absent", "tags": ["agent.unprofessional"]}),
     'criterion "process" › autoqa', "only yes_no and yes_no_na"),
    ("unknown autoqa rule", _set(_criteria(0) + ["autoqa"], {"rule": "vibes"}), "autoqa › rule", "tag_present"),
    ("autoqa without a rule", _set(_criteria(0) + ["autoqa"], {"tags": ["agent.greeting"]}), "autoqa",
     "must be a table with a rule"),
    ("unknown autoqa param", _set(_criteria(0) + ["autoqa"], {"rule": "tag_absent", "tags": ["a.b"], "turns": 2}),
     "autoqa (tag_absent) › turns", "not a field"),
    ("autoqa missing tags", _set(_criteria(0) + ["autoqa"], {"rule": "tag_present"}), "autoqa (tag_present) › tags",
     "is required"),
    ("autoqa empty tags", _set(_criteria(0) + ["autoqa"], {"rule": "tag_present", "tags": []}), "autoqa › tags",
     "at least one tag"),
    ("autoqa bad tag", _set(_criteria(0) + ["autoqa"], {"rule": "tag_present", "tags": ["greeting"]}),
     "autoqa › tags", "category.name"),
    ("autoqa turns 0", _set(_criteria(0) + ["autoqa"], {"rule": "tag_present", "tags": ["a.b"], "first_agent_turns": 0}),
     "autoqa › first_agent_turns", "at least 1"),
    ("autoqa both ends", _set(_criteria(0) + ["autoqa"], {"rule": "tag_present", "tags": ["a.b"],
                                                         "first_agent_turns": 2, "last_agent_turns": 2}),
     "autoqa", "not both"),
    ("autoqa unknown metric", _set(_criteria(0) + ["autoqa"], {"rule": "metric_at_most", "metric": "hold_secs",
                                                              "value": 60}), "autoqa › metric", "hold_seconds"),
    ("autoqa metric value", _set(_criteria(0) + ["autoqa"], {"rule": "metric_at_most", "metric": "hold_seconds",
                                                            "value": "a minute"}), "autoqa › value", "a number"),
    ("autoqa hold limit", _set(_criteria(0) + ["autoqa"], {"rule": "hold_etiquette", "max_hold_seconds": 0}),
     "autoqa › max_hold_seconds", "greater than 0"),
    ("unknown competency", _set(_criteria(0) + ["competency"], "charm"), 'criterion "accurate" › competency',
     "active_listening"),
    ("unknown criterion channel", _set(_criteria(0) + ["channels"], ["fax"]), 'criterion "accurate" › channels',
     "phone, chat, email, social"),
    ("criterion channel outside the scorecard's", lambda d: _set(_criteria(0) + ["channels"], ["email"])(
        d | {"channels": ["phone"]}), 'criterion "accurate" › channels', '"email" is not a channel here; use phone'),
    ("unknown scorecard channel", _set(["channels"], ["phone", "pigeon"]), "channels", '"pigeon" is not a channel'),
    ("duplicate channel", _set(["channels"], ["phone", "phone"]), "channels", "twice"),
    ("one option", _set(_criteria(2) + ["options"], [{"key": "a", "label": "A", "points": 1}]),
     'criterion "process" › options', "at least 2 options"),
    ("no positive points", _set(_criteria(2) + ["options"], [{"key": "a", "label": "A", "points": 0},
                                                            {"key": "b", "label": "B", "points": 0}]),
     'criterion "process" › options', "more than 0 points"),
    ("negative points", _set(_criteria(2) + ["options", 1, "points"], -1), 'option "partial" › points', "0 or more"),
    ("duplicate option", _set(_criteria(2) + ["options", 1, "key"], "full"), 'option "full" › key', "already"),
    ("option na", _set(_criteria(2) + ["options", 1, "key"], "na"), 'option "na" › key', "not applicable"),
    ("critical points without a 0 option", lambda d: _set(_criteria(2) + ["options", 2, "points"], 0.5)(
        _set(_criteria(2) + ["critical"], "form")(d)), 'criterion "process" › critical', "worth 0 points"),
    ("bad criterion key", _set(["sections", 0, "criteria", 0, "key"], "Greeting!"), 'criterion "Greeting!" › key',
     "lower-case letters"),
    ("long key", _set(["sections", 0, "key"], "x" * 41), "› key", "1 to 40"),
    ("missing section key", lambda d: (d["sections"][1].pop("key"), d)[1], "section 2 › key", "is required"),
    ("pass mark over 100", _set(["pass_mark"], 120), "pass_mark", "100 or less"),
    ("allow_over_100 as text", _set(["allow_over_100"], "yes"), "allow_over_100", "true or false"),
    ("not a table", lambda d: ["sections"], "definition", "must be a table"),
]


@pytest.mark.parametrize("what, change, field_path, message", BAD, ids=[case[0] for case in BAD])
def test_a_bad_definition_is_refused_naming_the_field(what, change, field_path, message):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(change(worked_example()))
    assert field_path in caught.value.field_path
    assert re.search(re.escape(message), caught.value.message), caught.value.message


def test_the_channel_list_is_transcriptions():
    from transcription.models import Channel
    assert CHANNELS == tuple(channel.value for channel in Channel)


def test_the_metric_list_is_the_numeric_call_metrics():
    from transcription.metrics import Span, compute_call_metrics
    metrics = compute_call_metrics(10.0, {"agent": [Span(0, 2), Span(6, 8)], "customer": [Span(2, 3)]}, {})
    assert set(METRICS) == {key for key, value in metrics.items() if not isinstance(value, list)}
