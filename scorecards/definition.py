"""A scorecard definition: sections of weighted criteria, read from the JSON stored on a version.

`parse_definition` is the one place a definition is checked: anything it returns can be scored, and
anything it refuses raises DefinitionError naming the field (`section "opening" › criterion "greeting" ›
weight`) and saying what would be accepted. `Definition.to_dict()` gives back the canonical JSON, and
`parse_definition(d.to_dict()) == d` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scorecards.autoqa_rules import AutoQA, parse_autoqa
from scorecards.competencies import COMPETENCIES
from scorecards.validation import (CHANNELS, DefinitionError, at, check_bool, check_channels, check_choice,
                                   check_fields, check_key, check_list, check_number, check_text, check_whole)

__all__ = ["ANSWER_TYPES", "CRITICAL_SCOPES", "CHANNELS", "NA", "YES_NO_LABELS", "Criterion", "Definition",
           "DefinitionError", "PointsOption", "Scale", "Section", "parse_definition"]

ANSWER_TYPES = ("yes_no", "yes_no_na", "scale", "points")
CRITICAL_SCOPES = ("section", "form")
NA = "na"
YES_NO_LABELS = {"yes": "Yes", "no": "No", NA: "N/A"}
# A wider scale is rarely scored consistently by different reviewers, and would not fit a form.
MAX_SCALE_STEPS = 10


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: tuple[tuple[int, str], ...] = ()   # (point, label), in point order; points may be unlabelled

    def label(self, point: int) -> str | None:
        return dict(self.labels).get(point)

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "labels": {str(point): text for point, text in self.labels}}


@dataclass(frozen=True)
class PointsOption:
    key: str
    label: str
    points: int | float

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "points": self.points}


@dataclass(frozen=True)
class Criterion:
    key: str
    question: str
    answer_type: str
    weight: int | float
    guidance: str = ""
    critical: str | None = None
    competency: str | None = None
    channels: tuple[str, ...] = ()
    scale: Scale | None = None
    options: tuple[PointsOption, ...] = ()
    autoqa: AutoQA | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key, "question": self.question, "guidance": self.guidance, "answer_type": self.answer_type,
            "weight": self.weight, "critical": self.critical, "competency": self.competency,
            "channels": list(self.channels)}
        if self.scale is not None:
            data["scale"] = self.scale.to_dict()
        if self.answer_type == "points":
            data["options"] = [option.to_dict() for option in self.options]
        data["autoqa"] = self.autoqa.to_dict() if self.autoqa else None
        return data


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    weight: int | float
    criteria: tuple[Criterion, ...]
    bonus: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "weight": self.weight, "bonus": self.bonus,
                "criteria": [criterion.to_dict() for criterion in self.criteria]}


@dataclass(frozen=True)
class Definition:
    sections: tuple[Section, ...]
    pass_mark: int | float | None = None
    allow_over_100: bool = False
    channels: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"pass_mark": self.pass_mark, "allow_over_100": self.allow_over_100, "channels": list(self.channels),
                "sections": [section.to_dict() for section in self.sections]}

    def criteria(self) -> list[tuple[Section, Criterion]]:
        """Every criterion with its section, in the order reviewers see them."""
        return [(section, criterion) for section in self.sections for criterion in section.criteria]

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key; KeyError when there is none."""
        for _, criterion in self.criteria():
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def section_of(self, criterion_key: str) -> Section:
        for section, criterion in self.criteria():
            if criterion.key == criterion_key:
                return section
        raise KeyError(criterion_key)

    def applies_to(self, criterion: Criterion | str, channel: str | None) -> bool:
        """Whether the criterion is scored on this channel; an unknown channel (None) scores everything."""
        criterion = self.criterion(criterion) if isinstance(criterion, str) else criterion
        return channel is None or not criterion.channels or channel in criterion.channels

    def allowed_values(self, criterion: Criterion | str, channel: str | None = None) -> list[tuple[str, str]]:
        """The answers valid for a criterion as (value, label) pairs, in the order a form shows them.

        On a channel the criterion does not apply to, the only answer is "na".
        """
        criterion = self.criterion(criterion) if isinstance(criterion, str) else criterion
        if not self.applies_to(criterion, channel):
            return [(NA, YES_NO_LABELS[NA])]
        if criterion.answer_type == "yes_no":
            return [("yes", "Yes"), ("no", "No")]
        if criterion.answer_type == "yes_no_na":
            return list(YES_NO_LABELS.items())
        if criterion.answer_type == "scale":
            assert criterion.scale is not None
            return [(str(point), f"{point} – {label}" if (label := criterion.scale.label(point)) else str(point))
                    for point in range(criterion.scale.min, criterion.scale.max + 1)]
        return [(option.key, option.label) for option in criterion.options]


def parse_definition(data: Any) -> Definition:
    """The checked Definition for this JSON; DefinitionError naming the field when anything is wrong."""
    check_fields(data, "", ("sections",), ("pass_mark", "allow_over_100", "channels"))
    pass_mark = data.get("pass_mark")
    if pass_mark is not None:
        check_number(pass_mark, "pass_mark", at_least=0, at_most=100)
    allow_over_100 = check_bool(data.get("allow_over_100", False), "allow_over_100")
    channels = check_channels(data.get("channels", []), "channels")
    raw_sections = check_list(data["sections"], "sections")
    if not raw_sections:
        raise DefinitionError("sections", "a scorecard needs at least one section.")
    sections, section_keys, criterion_keys = [], set(), set()
    for number, raw in enumerate(raw_sections, start=1):
        section = _section(raw, number, channels or CHANNELS, criterion_keys)
        if section.key in section_keys:
            raise DefinitionError(f'section "{section.key}" › key', "another section already has this key; "
                                                                     "section keys must be unique.")
        section_keys.add(section.key)
        sections.append(section)
    if not any(not section.bonus for section in sections):
        raise DefinitionError("sections", "the total weight is zero: at least one section must be a non-bonus "
                                          "section with a weight above 0.")
    return Definition(sections=tuple(sections), pass_mark=pass_mark, allow_over_100=allow_over_100,
                      channels=channels)


def _label(kind: str, raw: Any, number: int, within: str = "") -> str:
    key = raw.get("key") if isinstance(raw, dict) else None
    name = f'{kind} "{key}"' if isinstance(key, str) and key else f"{kind} {number}"
    return at(within, name)


def _section(raw: Any, number: int, channels: tuple[str, ...], criterion_keys: set[str]) -> Section:
    where = _label("section", raw, number)
    check_fields(raw, where, ("key", "name", "weight", "criteria"), ("bonus",))
    key = check_key(raw["key"], at(where, "key"))
    name = check_text(raw["name"], at(where, "name"))
    weight = check_number(raw["weight"], at(where, "weight"), above=0)
    bonus = check_bool(raw.get("bonus", False), at(where, "bonus"))
    raw_criteria = check_list(raw["criteria"], at(where, "criteria"))
    if not raw_criteria:
        raise DefinitionError(at(where, "criteria"), "a section needs at least one criterion (its criteria's "
                                                     "weights are what its score is shared over).")
    criteria = []
    for criterion_number, raw_criterion in enumerate(raw_criteria, start=1):
        criterion = _criterion(raw_criterion, _label("criterion", raw_criterion, criterion_number, where), channels)
        if criterion.key in criterion_keys:
            raise DefinitionError(at(where, f'criterion "{criterion.key}" › key'),
                                  "another criterion already has this key; criterion keys must be unique "
                                  "across the whole scorecard.")
        if bonus and criterion.critical:
            raise DefinitionError(at(where, f'criterion "{criterion.key}" › critical'),
                                  "a bonus section's criteria cannot be critical: bonus points only ever add.")
        criterion_keys.add(criterion.key)
        criteria.append(criterion)
    return Section(key=key, name=name, weight=weight, criteria=tuple(criteria), bonus=bonus)


def _criterion(raw: Any, where: str, channels: tuple[str, ...]) -> Criterion:
    check_fields(raw, where, ("key", "question", "answer_type", "weight"),
                 ("guidance", "critical", "competency", "channels", "scale", "options", "autoqa"))
    answer_type = check_choice(raw["answer_type"], at(where, "answer_type"), ANSWER_TYPES,
                               "must be one of the answer types")
    fields: dict[str, Any] = {
        "key": check_key(raw["key"], at(where, "key")),
        "question": check_text(raw["question"], at(where, "question")),
        "answer_type": answer_type,
        "weight": check_number(raw["weight"], at(where, "weight"), above=0),
        "guidance": check_text(raw.get("guidance", ""), at(where, "guidance"), required=False),
        "channels": check_channels(raw.get("channels", []), at(where, "channels"), channels),
    }
    if raw.get("critical") is not None:
        fields["critical"] = check_choice(raw["critical"], at(where, "critical"), CRITICAL_SCOPES,
                                          "must be empty (not critical) or one of")
    if raw.get("competency") is not None:
        fields["competency"] = check_choice(raw["competency"], at(where, "competency"), tuple(COMPETENCIES),
                                            "must be empty or a competency key:")
    for name, belongs_to in (("scale", "scale"), ("options", "points")):
        if name in raw and answer_type != belongs_to:
            raise DefinitionError(at(where, name), f"only a {belongs_to} criterion has {name}; this one is "
                                                   f"{answer_type}.")
    if answer_type == "scale":
        fields["scale"] = _scale(raw.get("scale"), at(where, "scale"))
    if answer_type == "points":
        fields["options"] = _options(raw.get("options"), at(where, "options"))
        if fields.get("critical") and min(option.points for option in fields["options"]) != 0:
            raise DefinitionError(at(where, "critical"), "a critical criterion fails on a 0-point answer, so "
                                                         "it needs an option worth 0 points.")
    if raw.get("autoqa") is not None:
        if answer_type not in ("yes_no", "yes_no_na"):
            raise DefinitionError(at(where, "autoqa"), f"AutoQA suggests yes, no or N/A, so only yes_no and "
                                                       f"yes_no_na criteria can have it; this one is {answer_type}.")
        fields["autoqa"] = parse_autoqa(raw["autoqa"], at(where, "autoqa"))
    return Criterion(**fields)


def _scale(raw: Any, where: str) -> Scale:
    if raw is None:
        raise DefinitionError(where, "a scale criterion needs a scale with min and max, like {min = 1, max = 5}.")
    check_fields(raw, where, ("min", "max"), ("labels",))
    low = check_whole(raw["min"], at(where, "min"))
    high = check_whole(raw["max"], at(where, "max"))
    if low >= high:
        raise DefinitionError(where, f"min must be below max; this scale runs from {low} to {high}.")
    if high - low > MAX_SCALE_STEPS:
        raise DefinitionError(where, f"a scale has at most {MAX_SCALE_STEPS + 1} points; {low} to {high} has "
                                     f"{high - low + 1}.")
    labels = raw.get("labels", {})
    if not isinstance(labels, dict):
        raise DefinitionError(at(where, "labels"), 'must be a table of point → label, like {"1" = "Poor"}.')
    points = []
    for point, text in labels.items():
        path = at(where, f"labels › {point}")
        try:
            value = int(point)
        except ValueError:
            raise DefinitionError(path, f"labels are keyed by a whole number from {low} to {high}.") from None
        if str(value) != str(point) or not low <= value <= high:
            raise DefinitionError(path, f"labels are keyed by a whole number from {low} to {high}.")
        points.append((value, check_text(text, path)))
    return Scale(min=low, max=high, labels=tuple(sorted(points)))


def _options(raw: Any, where: str) -> tuple[PointsOption, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise DefinitionError(where, "a points criterion needs a list of at least 2 options, each with a key, "
                                     "a label and points.")
    options, keys = [], set()
    for number, raw_option in enumerate(raw, start=1):
        path = _label("option", raw_option, number, where)
        check_fields(raw_option, path, ("key", "label", "points"))
        key = check_key(raw_option["key"], at(path, "key"))
        if key == NA:
            raise DefinitionError(at(path, "key"), '"na" means not applicable; choose another option key.')
        if key in keys:
            raise DefinitionError(at(path, "key"), "another option already has this key.")
        keys.add(key)
        options.append(PointsOption(key=key, label=check_text(raw_option["label"], at(path, "label")),
                                    points=check_number(raw_option["points"], at(path, "points"), at_least=0)))
    if max(option.points for option in options) <= 0:
        raise DefinitionError(where, "at least one option must be worth more than 0 points (the best answer "
                                     "is worth all of the criterion's weight).")
    return tuple(options)
