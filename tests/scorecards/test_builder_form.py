"""The builder's posted fields → a definition dict, and a refusal's field path → the field it names."""
import pytest
from werkzeug.datastructures import MultiDict

from scorecards.autoqa_rules import RULES
from scorecards.builder_form import field_name_for, parse_builder_form
from scorecards.definition import ANSWER_TYPES, CRITICAL_SCOPES, DefinitionError, parse_definition
from scorecards.labels import ANSWER_TYPE_LABELS, CRITICAL_LABELS, RULE_LABELS, RULE_PARAMETER_LABELS
from tests.scorecards.definition_builders import criterion, definition, section


def posted(**fields) -> MultiDict:
    """Field names as the builder writes them (dashes for the underscores Python needs in keywords)."""
    items = []
    for name, value in fields.items():
        name = name.replace("__", "-")
        items += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return MultiDict(items)


def one_section(**criterion_fields) -> MultiDict:
    base = {"section__0__key": "opening", "section__0__name": "Opening", "section__0__weight": "20",
            "section__0__criterion__0__key": "greeting", "section__0__criterion__0__question": "Greeted?",
            "section__0__criterion__0__answer_type": "yes_no", "section__0__criterion__0__weight": "5"}
    return posted(**(base | {f"section__0__criterion__0__{k}": v for k, v in criterion_fields.items()}))


def test_a_whole_builder_form_becomes_the_definition_it_shows():
    form = posted(
        pass_mark="80", allow_over_100="y", channels=["phone", "chat"],
        section__0__key="opening", section__0__name=" Opening ", section__0__weight="20", section__0__order="1",
        section__0__criterion__0__key="greeting", section__0__criterion__0__question="Did the agent greet?",
        section__0__criterion__0__guidance="Within 5 seconds", section__0__criterion__0__answer_type="yes_no_na",
        section__0__criterion__0__weight="2.5", section__0__criterion__0__critical="form",
        section__0__criterion__0__competency="communication", section__0__criterion__0__channels=["phone"],
        section__0__criterion__0__autoqa_rule="tag_present",
        section__0__criterion__0__autoqa_tags="agent.greeting, agent.introduction",
        section__0__criterion__0__autoqa_first_agent_turns="2", section__0__criterion__0__autoqa_metric="hold_count",
        section__1__key="extra", section__1__name="Extra mile", section__1__weight="5", section__1__bonus="y",
        section__1__criterion__0__key="calm", section__1__criterion__0__question="How calm?",
        section__1__criterion__0__answer_type="scale", section__1__criterion__0__weight="1",
        section__1__criterion__0__scale_min="1", section__1__criterion__0__scale_max="3",
        section__1__criterion__0__scale_label__1="Tense", section__1__criterion__0__scale_label__3="Calm",
        section__1__criterion__0__scale_label__2="", section__1__criterion__1__key="process",
        section__1__criterion__1__question="Process?", section__1__criterion__1__answer_type="points",
        section__1__criterion__1__weight="2", section__1__criterion__1__option__0__key="full",
        section__1__criterion__1__option__0__label="Fully", section__1__criterion__1__option__0__points="2",
        section__1__criterion__1__option__1__key="none", section__1__criterion__1__option__1__label="Not",
        section__1__criterion__1__option__1__points="0", section__1__criterion__1__option__2__key="",
        section__1__criterion__1__option__2__label="", section__1__criterion__1__option__2__points="",
        # fields of another answer type, still in the page but hidden: not part of the definition
        section__1__criterion__1__scale_min="1", section__1__criterion__1__scale_max="5")
    built = parse_builder_form(form)
    assert parse_definition(built).to_dict() == parse_definition({
        "pass_mark": 80, "allow_over_100": True, "channels": ["phone", "chat"], "sections": [
            {"key": "opening", "name": "Opening", "weight": 20, "criteria": [
                {"key": "greeting", "question": "Did the agent greet?", "guidance": "Within 5 seconds",
                 "answer_type": "yes_no_na", "weight": 2.5, "critical": "form", "competency": "communication",
                 "channels": ["phone"], "autoqa": {"rule": "tag_present", "first_agent_turns": 2,
                                                   "tags": ["agent.greeting", "agent.introduction"]}}]},
            {"key": "extra", "name": "Extra mile", "weight": 5, "bonus": True, "criteria": [
                {"key": "calm", "question": "How calm?", "answer_type": "scale", "weight": 1,
                 "scale": {"min": 1, "max": 3, "labels": {"1": "Tense", "3": "Calm"}}},
                {"key": "process", "question": "Process?", "answer_type": "points", "weight": 2, "options": [
                    {"key": "full", "label": "Fully", "points": 2}, {"key": "none", "label": "Not", "points": 0}]}]},
        ]}).to_dict()
    assert built["sections"][1]["criteria"][1]["autoqa"] is None
    assert built["sections"][0]["criteria"][0]["autoqa"]["first_agent_turns"] == 2
    assert "metric" not in built["sections"][0]["criteria"][0]["autoqa"]  # not a parameter of tag_present


def test_rows_follow_their_order_fields_then_their_indexes():
    form = posted(
        section__0__key="a", section__0__order="2", section__0__criterion__0__key="a1",
        section__0__criterion__0__order="", section__0__criterion__1__key="a2", section__0__criterion__1__order="1",
        section__1__key="b", section__1__order="1", section__1__criterion__0__key="b1",
        section__7__key="c", section__7__order="2", section__7__criterion__3__key="c1",
        section__7__criterion__2__key="c2")
    built = parse_builder_form(form)
    assert [(s["key"], [c["key"] for c in s["criteria"]]) for s in built["sections"]] == [
        ("b", ["b1"]), ("a", ["a2", "a1"]), ("c", ["c2", "c1"])]


def test_without_order_fields_the_index_is_the_order_as_the_script_renumbers_it():
    form = posted(section__1__key="second", section__0__key="first", section__10__key="third",
                  section__2__key="between")
    assert [s["key"] for s in parse_builder_form(form)["sections"]] == ["first", "second", "between", "third"]


def test_options_keep_their_order_and_blank_option_rows_are_left_out():
    form = one_section(answer_type="points", option__1__key="b", option__1__label="B", option__1__points="0",
                       option__0__key="a", option__0__label="A", option__0__points="1",
                       option__2__key=" ", option__2__label="", option__2__points="")
    assert parse_builder_form(form)["sections"][0]["criteria"][0]["options"] == [
        {"key": "a", "label": "A", "points": 1}, {"key": "b", "label": "B", "points": 0}]


def test_numbers_are_numbers_and_anything_else_stays_as_typed_for_the_checks_to_name():
    form = one_section(weight="heavy")
    form["section-0-weight"] = ""
    form["pass_mark"] = "1e400"
    built = parse_builder_form(form)
    assert built["sections"][0]["criteria"][0]["weight"] == "heavy"
    assert built["sections"][0]["weight"] is None and built["pass_mark"] == "1e400"
    with pytest.raises(DefinitionError) as refused:
        parse_definition(built)
    assert refused.value.field_path == "pass_mark"


def test_scale_labels_outside_the_range_are_left_behind_after_the_range_shrinks():
    form = one_section(answer_type="scale", scale_min="1", scale_max="3", scale_label__1="Low",
                       scale_label__3="High", scale_label__5="Excellent")
    assert parse_builder_form(form)["sections"][0]["criteria"][0]["scale"] == {
        "min": 1, "max": 3, "labels": {"1": "Low", "3": "High"}}


def test_autoqa_tags_split_on_commas_and_spaces_and_required_lists_stay_even_when_empty():
    form = one_section(autoqa_rule="verified_before_change", autoqa_tags="agent.identity_verification",
                       autoqa_change_tags=" reason.account_update,reason.refund  reason.cancellation ")
    autoqa = parse_builder_form(form)["sections"][0]["criteria"][0]["autoqa"]
    assert autoqa == {"rule": "verified_before_change", "tags": ["agent.identity_verification"],
                      "change_tags": ["reason.account_update", "reason.refund", "reason.cancellation"]}
    empty = parse_builder_form(one_section(autoqa_rule="tag_absent", autoqa_tags=""))
    with pytest.raises(DefinitionError) as refused:
        parse_definition(empty)
    assert refused.value.field_path.endswith("autoqa › tags")


def test_criteria_and_options_without_a_section_row_still_arrive():
    built = parse_builder_form(posted(section__3__criterion__0__option__0__key="x"))
    assert built["sections"][0]["criteria"][0]["key"] == ""


@pytest.mark.parametrize(("bad", "field"), [
    (definition(section("a", criterion("x")), section("a", criterion("y"))), "section-1-key"),
    (definition(section("a", criterion("x"), criterion("x"))), "section-0-criterion-1-key"),
    (definition(section("a", criterion("x")), section("b", criterion("y"), criterion("x"))),
     "section-1-criterion-1-key"),
    (definition(section("a", criterion("x", weight=0))), "section-0-criterion-0-weight"),
    (definition(section("a", weight=0)), "section-0-weight"),
    (definition(section("a", criterion("x")), section("b", criterion("y", critical="form"), bonus=True)),
     "section-1-criterion-0-critical"),
    (definition(section("a", criterion("s", "scale", scale={"min": 5, "max": 5}))), "section-0-criterion-0-scale"),
    (definition(section("a", criterion("s", "scale", scale={"min": 1.5, "max": 5}))),
     "section-0-criterion-0-scale_min"),
    (definition(section("a", criterion("s", "scale", scale={"min": 1, "max": 3, "labels": {"4": "x"}}))),
     "section-0-criterion-0-scale_label-4"),
    (definition(section("a", criterion("p", "points", options=[{"key": "a", "label": "A", "points": 1},
                                                               {"key": "a", "label": "B", "points": 0}]))),
     "section-0-criterion-0-option-1-key"),
    (definition(section("a", criterion("p", "points", options=[{"key": "a", "label": "", "points": 1},
                                                               {"key": "b", "label": "B", "points": 0}]))),
     "section-0-criterion-0-option-0-label"),
    (definition(section("a", criterion("x", autoqa={"rule": "tag_present", "tags": ["greeting"]}))),
     "section-0-criterion-0-autoqa_tags"),
    (definition(section("a", criterion("x", autoqa={"rule": "nope"}))), "section-0-criterion-0-autoqa_rule"),
    (definition(section("a", {"key": "", "question": "Q", "answer_type": "yes_no", "weight": 1})),
     "section-0-criterion-0-key"),
    (definition(section("a"), section("", weight=1)), "section-1-key"),
    (definition(section("a"), pass_mark=120), "pass_mark"),
    (definition(section("a", criterion("x", channels=["fax"]))), "section-0-criterion-0-channels"),
    (definition(section("a", bonus=True)), None),   # zero total weight: the scorecard as a whole
])
def test_each_refusal_names_the_builder_field_it_is_about(bad, field):
    with pytest.raises(DefinitionError) as refused:
        parse_definition(bad)
    assert field_name_for(bad, refused.value.field_path) == field


def test_the_labels_cover_every_key_the_definition_knows():
    assert set(ANSWER_TYPE_LABELS) == set(ANSWER_TYPES) and set(CRITICAL_LABELS) == set(CRITICAL_SCOPES)
    assert set(RULE_LABELS) == set(RULES)
    assert set(RULE_PARAMETER_LABELS) == {name for required, optional in RULES.values() for name in required + optional}
