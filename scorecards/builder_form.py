"""The scorecard builder's posted fields → a definition dict, and a refusal's field path → the field's name.

The builder is one plain HTML form. Its field names carry the row they belong to:

    pass_mark, allow_over_100, channels
    section-<i>-key | name | weight | order | bonus
    section-<i>-criterion-<j>-key | question | guidance | answer_type | weight | order | critical
        | competency | channels | scale_min | scale_max | scale_label-<point>
        | autoqa_rule | autoqa_tags | autoqa_change_tags | autoqa_<parameter>
    section-<i>-criterion-<j>-option-<k>-key | label | points

Rows come out sorted by their `order` field, then by their index, so reordering works with or without
the script (which renumbers the indexes in page order). Nothing here judges the values: text that should
be a number stays text, so `parse_definition` refuses it and names the field, like any other bad input.
"""
from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from scorecards.autoqa_rules import RULES
from scorecards.validation import SEPARATOR

SECTION = re.compile(r"section-(\d+)-(?!criterion-)(.+)")
CRITERION = re.compile(r"section-(\d+)-criterion-(\d+)-(?!option-)(.+)")
OPTION = re.compile(r"section-(\d+)-criterion-(\d+)-option-(\d+)-(.+)")
TAG_LISTS = ("tags", "change_tags")
TAG_SEPARATORS = re.compile(r"[\s,]+")


def parse_builder_form(form: MultiDict) -> dict[str, Any]:
    """The definition dict the posted builder describes (unchecked: parse_definition checks it)."""
    sections: dict[int, MultiDict] = {}
    criteria: dict[tuple[int, int], MultiDict] = {}
    options: dict[tuple[int, int, int], MultiDict] = {}
    for name, values in form.lists():
        if match := OPTION.fullmatch(name):
            i, j, k, field = int(match[1]), int(match[2]), int(match[3]), match[4]
            options.setdefault((i, j, k), MultiDict()).setlist(field, values)
        elif match := CRITERION.fullmatch(name):
            i, j, field = int(match[1]), int(match[2]), match[3]
            criteria.setdefault((i, j), MultiDict()).setlist(field, values)
        elif match := SECTION.fullmatch(name):
            sections.setdefault(int(match[1]), MultiDict()).setlist(match[2], values)
    # A criterion or option whose section (or criterion) sent no fields of its own still belongs somewhere.
    for i, _ in criteria:
        sections.setdefault(i, MultiDict())
    for i, j, _ in options:
        sections.setdefault(i, MultiDict())
        criteria.setdefault((i, j), MultiDict())

    definition: dict[str, Any] = {"pass_mark": _number(form.get("pass_mark", "")),
                                  "allow_over_100": _ticked(form.get("allow_over_100")),
                                  "channels": form.getlist("channels"), "sections": []}
    for i in _in_order(sections):
        fields = sections[i]
        own = {j: criteria[(si, j)] for si, j in criteria if si == i}
        section = {"key": _text(fields, "key"), "name": _text(fields, "name"),
                   "weight": _number(fields.get("weight", "")), "bonus": _ticked(fields.get("bonus")), "criteria": []}
        for j in _in_order(own):
            rows = {k: options[(si, sj, k)] for si, sj, k in options if (si, sj) == (i, j)}
            section["criteria"].append(_criterion(own[j], [rows[k] for k in _in_order(rows)]))
        definition["sections"].append(section)
    return definition


def _criterion(fields: MultiDict, option_rows: list[MultiDict]) -> dict[str, Any]:
    answer_type = _text(fields, "answer_type")
    criterion: dict[str, Any] = {
        "key": _text(fields, "key"), "question": _text(fields, "question"), "answer_type": answer_type,
        "weight": _number(fields.get("weight", "")), "critical": _text(fields, "critical") or None,
        "competency": _text(fields, "competency") or None, "channels": fields.getlist("channels")}
    if guidance := _text(fields, "guidance"):
        criterion["guidance"] = guidance
    if answer_type == "scale":
        criterion["scale"] = _scale(fields)
    if answer_type == "points":
        criterion["options"] = [
            {"key": _text(row, "key"), "label": _text(row, "label"), "points": _number(row.get("points", ""))}
            for row in option_rows if any(_text(row, name) for name in ("key", "label", "points"))]
    criterion["autoqa"] = _autoqa(fields)
    return criterion


def _scale(fields: MultiDict) -> dict[str, Any]:
    low, high = _number(fields.get("scale_min", "")), _number(fields.get("scale_max", ""))
    labels = {}
    for name in fields:
        if name.startswith("scale_label-") and (text := _text(fields, name)):
            point = name.removeprefix("scale_label-")
            # Labels of points outside the range are left over from before the range changed.
            value = _whole(point)
            if not (isinstance(low, int) and isinstance(high, int)) or (value is not None and low <= value <= high):
                labels[point] = text
    return {"min": low, "max": high, "labels": dict(sorted(labels.items(), key=lambda item: _sort_key(item[0])))}


def _autoqa(fields: MultiDict) -> dict[str, Any] | None:
    rule = _text(fields, "autoqa_rule")
    if not rule:
        return None
    autoqa: dict[str, Any] = {"rule": rule}
    required, optional = RULES.get(rule, ((), ()))
    for name in required + optional:
        raw = _text(fields, f"autoqa_{name}")
        if name in TAG_LISTS:
            tags = [tag for tag in TAG_SEPARATORS.split(raw) if tag]
            if tags or name in required:
                autoqa[name] = tags
        elif name == "metric":
            if raw:
                autoqa[name] = raw
        elif raw:
            autoqa[name] = _number(raw)
    return autoqa


def _in_order(rows: dict[int, MultiDict]) -> list[int]:
    """Row indexes sorted by the row's `order` field (rows without one go last), then by index."""
    def position(index: int) -> tuple[float, int]:
        order = _number(rows[index].get("order", ""))
        return (order if isinstance(order, (int, float)) else float("inf"), index)
    return sorted(rows, key=position)


def _text(fields: MultiDict, name: str) -> str:
    return (fields.get(name) or "").strip()


def _ticked(value: str | None) -> bool:
    return value not in (None, "", "0", "false", "n")


def _number(raw: str) -> int | float | str | None:
    """An int or float when the text is one; None when blank; else the text itself, for the checks to name."""
    text = raw.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    return value if value == value and value not in (float("inf"), float("-inf")) else text


def _whole(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _sort_key(text: str) -> float:
    value = _whole(text)
    return float("inf") if value is None else value


# ---- a refusal's field path (`section "opening" › criterion "greeting" › weight`) → the builder's field name

SECTION_STEP = re.compile(r'section (?:"(?P<key>[^"]*)"|(?P<number>\d+))')
CRITERION_STEP = re.compile(r'criterion (?:"(?P<key>[^"]*)"|(?P<number>\d+))')
OPTION_STEP = re.compile(r'option (?:"(?P<key>[^"]*)"|(?P<number>\d+))')
CRITERION_FIELDS = {"key", "question", "guidance", "answer_type", "weight", "critical", "competency", "channels",
                    "scale", "options", "autoqa"}


def field_name_for(definition: dict[str, Any], field_path: str) -> str | None:
    """The name of the builder field (or row part: `…-criteria`, `…-scale`, `…-options`) a refusal is about,
    with the rows numbered as `definition` orders them; None when the path names nothing on the form."""
    steps = field_path.split(SEPARATOR)
    if steps[0] in ("pass_mark", "allow_over_100", "channels"):
        return steps[0]
    sections = definition.get("sections") if isinstance(definition.get("sections"), list) else []
    i = _find(sections, SECTION_STEP.fullmatch(steps[0]), last=steps[1:] == ["key"])
    if i is None:
        return None
    prefix, rest = f"section-{i}-", steps[1:]
    if len(rest) == 1 and rest[0] in ("key", "name", "weight", "bonus", "criteria"):
        return prefix + rest[0]
    if not rest:
        return None
    criteria = sections[i].get("criteria") or []
    j = _find(criteria, CRITERION_STEP.fullmatch(rest[0]), last=rest[1:] == ["key"])
    if j is None or len(rest) < 2 or rest[1].split(" ")[0] not in CRITERION_FIELDS:
        return None
    prefix, field, rest = f"{prefix}criterion-{j}-", rest[1].split(" ")[0], rest[2:]
    if field == "scale" and rest:
        return prefix + (f"scale_{rest[0]}" if rest[0] in ("min", "max") else
                         f"scale_label-{rest[1]}" if rest[0] == "labels" and len(rest) > 1 else "scale")
    if field == "options" and rest:
        k = _find(criteria[j].get("options") or [], OPTION_STEP.fullmatch(rest[0]), last=rest[1:] == ["key"])
        return f"{prefix}option-{k}-{rest[1]}" if k is not None and len(rest) > 1 else prefix + "options"
    if field == "autoqa":
        return prefix + (f"autoqa_{rest[0]}" if rest else "autoqa_rule")
    return prefix + field


def _find(rows: list, step: re.Match | None, last: bool) -> int | None:
    """The index of the row a path step names: by key (the later of two alike, when the key is what is
    refused: that is the duplicate), or by its 1-based number."""
    if step is None:
        return None
    if step["number"]:
        index = int(step["number"]) - 1
        return index if 0 <= index < len(rows) else None
    matches = [n for n, row in enumerate(rows) if isinstance(row, dict) and row.get("key") == step["key"]]
    return (matches[-1] if last else matches[0]) if matches else None
