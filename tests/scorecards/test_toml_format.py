import pytest
from hypothesis import given, settings

from scorecards.definition import DefinitionError, parse_definition
from scorecards.toml_format import definition_from_toml, definition_to_toml
from tests.scorecards.definition_builders import worked_example
from tests.scorecards.strategies import definitions, non_empty_texts, texts

EXAMPLE = '''
name = "Support calls"
description = """
Two lines
of description."""
pass_mark = 75
allow_over_100 = false
channels = ["phone"]

[[sections]]
key = "opening"
name = "Opening"
weight = 15

[[sections.criteria]]
key = "greeting"
question = "Did the agent greet the customer?"
guidance = "Within the first two turns."
answer_type = "yes_no"
weight = 5
critical = "section"
competency = "communication"
autoqa = { rule = "tag_present", tags = ["agent.greeting"], first_agent_turns = 2 }

[[sections.criteria]]
key = "empathy"
question = "Empathy?"
answer_type = "scale"
weight = 2.5

[sections.criteria.scale]
min = 1
max = 5

[sections.criteria.scale.labels]
1 = "Poor"
5 = "Excellent"

[[sections]]
key = "extra"
name = "Extra mile"
weight = 5
bonus = true

[[sections.criteria]]
key = "process"
question = "Process?"
answer_type = "points"
weight = 1

[[sections.criteria.options]]
key = "fully"
label = "Fully"
points = 2

[[sections.criteria.options]]
key = "not_followed"
label = "Not followed"
points = 0
'''


def test_the_documented_layout_reads_as_the_json_definition():
    name, description, definition = definition_from_toml(EXAMPLE)
    assert (name, description) == ("Support calls", "Two lines\nof description.")
    data = definition.to_dict()
    assert (data["pass_mark"], data["channels"], data["sections"][1]["bonus"]) == (75, ["phone"], True)
    greeting, empathy = data["sections"][0]["criteria"]
    assert greeting["autoqa"] == {"rule": "tag_present", "tags": ["agent.greeting"], "first_agent_turns": 2}
    assert (greeting["critical"], greeting["competency"]) == ("section", "communication")
    assert empathy["weight"] == 2.5 and empathy["scale"] == {"min": 1, "max": 5, "labels": {"1": "Poor", "5": "Excellent"}}
    assert [o["key"] for o in data["sections"][1]["criteria"][0]["options"]] == ["fully", "not_followed"]


def test_writing_gives_back_the_documented_layout():
    assert definition_to_toml(*definition_from_toml(EXAMPLE)).strip() == EXAMPLE.strip()


def test_a_written_file_is_easy_to_read():
    text = definition_to_toml("Calls", 'Said "hi"\\ back\tthen\nleft', parse_definition(worked_example()))
    assert text.startswith('name = "Calls"\ndescription = """\nSaid \\"hi\\"\\\\ back\tthen\nleft"""\npass_mark = 80\n')
    assert "\n[[sections]]\nkey = \"opening\"\nname = \"Opening\"\nweight = 20\n\n[[sections.criteria]]\n" in text
    assert "bonus = true" in text and "bonus = false" not in text


@settings(deadline=None, max_examples=150)
@given(non_empty_texts, texts, definitions())
def test_round_trip(name, description, data):
    definition = parse_definition(data)
    assert definition_from_toml(definition_to_toml(name, description, definition)) == (name, description, definition)


@pytest.mark.parametrize("text, field_path, message", [
    ('name = "x"\n[[sections]\nkey = 1', "line 2, column 11", "not valid TOML"),
    ('name = "x"\nweight = = 3', "line 2, column 10", "not valid TOML"),
    ('name = "x"\ndescription = "open', "end of the file", "not valid TOML: Unterminated string"),
    ('description = "no name"\n[[sections]]', "name", "is required"),
    ('name = ""\n[[sections]]', "name", "non-empty text"),
    (f'name = "{"x" * 121}"\n[[sections]]', "name", "at most 120 characters"),
    ('name = "x"\ncolour = "red"\n[[sections]]', "colour", "the fields are name, sections, description"),
    ('name = "x"\n[[sections]]\nkey = "s"\nname = "S"\nweight = 1\n[[sections.criteria]]\nkey = "c"\n'
     'question = "Q"\nanswer_type = "yes_no"\nweight = 0',
     'section "s" › criterion "c" › weight', "greater than 0"),
])
def test_bad_files_are_refused_saying_where(text, field_path, message):
    with pytest.raises(DefinitionError) as caught:
        definition_from_toml(text)
    assert caught.value.field_path == field_path or field_path in caught.value.field_path
    assert message in caught.value.message
