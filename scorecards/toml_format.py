'''Scorecards as TOML files, for writing by hand, keeping in version control and sharing between teams.

A scorecard file holds its name and description and the definition of one version:

```toml
name = "Customer Care Specialist"
description = "What a good customer care call or chat looks like."
pass_mark = 80              # optional, 0 to 100: at or above it an evaluation passes
allow_over_100 = false      # may bonus sections lift the total above 100?
channels = []               # the channels the scorecard is for: phone, chat, email, social; [] = all

[[sections]]                # one per section, in the order reviewers see them
key = "opening"             # 1 to 40 of a-z, 0-9 and _; unique
name = "Opening"
weight = 15                 # the section's share of the total (the weights need not add up to 100)
# bonus = true              # a bonus section adds weight × its % ÷ 100 points on top instead

[[sections.criteria]]       # one per criterion of the section above, in order
key = "greeting"            # unique across the whole scorecard
question = "Did the agent greet the customer?"
guidance = """
What the reviewer should look for. Optional; can span lines."""
answer_type = "yes_no"      # yes_no, yes_no_na, scale or points
weight = 5                  # the criterion's share of its section, above 0
critical = "form"           # optional: "section" (a No fails the section) or "form" (fails it all)
competency = "communication"   # optional: a key of scorecards.competencies.COMPETENCIES
channels = ["phone"]        # optional: only scored on these channels; N/A on the others
autoqa = { rule = "tag_present", tags = ["agent.greeting"], first_agent_turns = 2 }   # optional

[[sections.criteria]]
key = "empathy"
question = "How well did the agent acknowledge the customer's feelings?"
answer_type = "scale"
weight = 3

[sections.criteria.scale]   # scale criteria only: whole numbers, at most 11 points
min = 1
max = 5

[sections.criteria.scale.labels]   # optional; label any of the points
1 = "Poor"
5 = "Excellent"

[[sections.criteria]]
key = "process"
question = "Did the agent follow the correct process?"
answer_type = "points"
weight = 4

[[sections.criteria.options]]   # points criteria only: at least 2; the best is worth the full weight
key = "fully"
label = "Fully"
points = 2

[[sections.criteria.options]]
key = "not_followed"
label = "Not followed"
points = 0
```

AutoQA rules (yes_no and yes_no_na criteria only):
`{ rule = "tag_present", tags = [...], first_agent_turns = N }` (or `last_agent_turns`, or neither),
`{ rule = "tag_absent", tags = [...] }`, `{ rule = "hold_etiquette", max_hold_seconds = N }` (limit optional),
`{ rule = "verified_before_change", tags = ["agent.identity_verification"], change_tags = [...] }`,
`{ rule = "metric_at_most", metric = "hold_seconds", value = N }` (and `metric_at_least`).

A field the format does not know is refused (so a misspelling is caught), as is anything the scoring
could not use; the error names the field, e.g. `section "opening" › criterion "greeting" › weight`.
Broken TOML is refused with its line and column.
'''
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from scorecards.definition import Criterion, Definition, Section, parse_definition
from scorecards.validation import DefinitionError, check_fields, check_text

NAME_LENGTH = 120   # Scorecard.name's column
DEFAULT_SCORECARD = Path(__file__).with_name("defaults") / "customer_care_specialist.toml"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_LOCATION = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)\s*$")


def definition_from_toml(text: str) -> tuple[str, str, Definition]:
    """(name, description, definition) of a scorecard file; DefinitionError naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _LOCATION.search(message)
        where = "end of the file" if found and not found.group(2) else (
            f"line {found.group(2)}, column {found.group(3)}" if found else "TOML")
        raise DefinitionError(where, f"this is not valid TOML: {message[:found.start()] if found else message}.") \
            from None
    check_fields(data, "", ("name", "sections"), ("description", "pass_mark", "allow_over_100", "channels"))
    name = check_text(data.pop("name"), "name")
    if len(name) > NAME_LENGTH:
        raise DefinitionError("name", f"must be at most {NAME_LENGTH} characters; this one has {len(name)}.")
    description = check_text(data.pop("description", ""), "description", required=False)
    return name, description, parse_definition(data)


def load_default_scorecard() -> tuple[str, str, Definition]:
    """The shipped "Customer Care Specialist" scorecard: (name, description, definition)."""
    return definition_from_toml(DEFAULT_SCORECARD.read_text(encoding="utf-8"))


def definition_to_toml(name: str, description: str, definition: Definition) -> str:
    """The scorecard as a TOML file; definition_from_toml gives back the same three values."""
    lines = [f"name = {_string(name)}", f"description = {_string(description)}"]
    if definition.pass_mark is not None:
        lines.append(f"pass_mark = {_value(definition.pass_mark)}")
    lines += [f"allow_over_100 = {_value(definition.allow_over_100)}", f"channels = {_value(definition.channels)}"]
    for section in definition.sections:
        lines += ["", *_section(section)]
    return "\n".join(lines) + "\n"


def _section(section: Section) -> list[str]:
    lines = ["[[sections]]", f"key = {_string(section.key)}", f"name = {_string(section.name)}",
             f"weight = {_value(section.weight)}"]
    if section.bonus:
        lines.append("bonus = true")
    for criterion in section.criteria:
        lines += ["", *_criterion(criterion)]
    return lines


def _criterion(criterion: Criterion) -> list[str]:
    lines = ["[[sections.criteria]]", f"key = {_string(criterion.key)}", f"question = {_string(criterion.question)}"]
    if criterion.guidance:
        lines.append(f"guidance = {_string(criterion.guidance)}")
    lines += [f"answer_type = {_string(criterion.answer_type)}", f"weight = {_value(criterion.weight)}"]
    for field in ("critical", "competency"):
        if getattr(criterion, field) is not None:
            lines.append(f"{field} = {_string(getattr(criterion, field))}")
    if criterion.channels:
        lines.append(f"channels = {_value(criterion.channels)}")
    if criterion.autoqa is not None:
        lines.append(f"autoqa = {_inline_table(criterion.autoqa.to_dict())}")
    if criterion.scale is not None:
        lines += ["", "[sections.criteria.scale]", f"min = {criterion.scale.min}", f"max = {criterion.scale.max}"]
        if criterion.scale.labels:
            lines += ["", "[sections.criteria.scale.labels]"]
            lines += [f"{_key(str(point))} = {_string(label)}" for point, label in criterion.scale.labels]
    for option in criterion.options:
        lines += ["", "[[sections.criteria.options]]", f"key = {_string(option.key)}",
                  f"label = {_string(option.label)}", f"points = {_value(option.points)}"]
    return lines


def _inline_table(data: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{_key(key)} = {_value(value)}" for key, value in data.items()) + " }"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)   # the shortest text that reads back as the same float
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"No TOML form for {value!r}")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    """A TOML basic string; a multi-line one when the text has line breaks, so guidance stays readable."""
    multiline = "\n" in text
    escaped = "".join(_escape(character, multiline) for character in text)
    return f'"""\n{escaped}"""' if multiline else f'"{escaped}"'


def _escape(character: str, multiline: bool) -> str:
    if character in '"\\':
        return "\\" + character
    if character == "\n" and multiline:
        return character
    if character == "\t":
        return character
    if ord(character) < 0x20 or ord(character) == 0x7F:
        return f"\\u{ord(character):04x}"
    return character
