"""Hypothesis strategies: valid scorecard definitions (as JSON) and answers for them."""
from __future__ import annotations

from hypothesis import strategies as st

from scorecards.competencies import COMPETENCIES
from scorecards.definition import Definition
from scorecards.validation import CHANNELS

keys = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
non_empty_texts = texts.filter(lambda text: text.strip())
weights = st.one_of(st.integers(1, 20), st.floats(0.1, 20, allow_nan=False, allow_infinity=False))
channel_lists = st.lists(st.sampled_from(CHANNELS), unique=True, max_size=2)
tags = st.lists(st.sampled_from(["agent.greeting", "agent.closing", "agent.empathy", "reason.refund"]),
                unique=True, min_size=1, max_size=2)
autoqa_rules = st.one_of(
    st.builds(lambda tags: {"rule": "tag_present", "tags": tags}, tags),
    st.builds(lambda tags, turns: {"rule": "tag_present", "tags": tags, "last_agent_turns": turns},
              tags, st.integers(1, 5)),
    st.builds(lambda tags: {"rule": "tag_absent", "tags": tags}, tags),
    st.just({"rule": "hold_etiquette"}),
    st.builds(lambda seconds: {"rule": "hold_etiquette", "max_hold_seconds": seconds}, st.integers(1, 600)),
    st.builds(lambda change: {"rule": "verified_before_change", "tags": ["agent.identity_verification"],
                              "change_tags": change}, tags),
    st.builds(lambda rule, value: {"rule": rule, "metric": "hold_seconds", "value": value},
              st.sampled_from(["metric_at_most", "metric_at_least"]), st.integers(0, 300)),
)


@st.composite
def criteria(draw, key: str, bonus: bool) -> dict:
    answer_type = draw(st.sampled_from(["yes_no", "yes_no_na", "scale", "points"]))
    data = {"key": key, "question": draw(non_empty_texts), "answer_type": answer_type, "weight": draw(weights)}
    if draw(st.booleans()):
        data["guidance"] = draw(texts)
    critical = None if bonus else draw(st.sampled_from([None, None, "section", "form"]))
    if critical:
        data["critical"] = critical
    if draw(st.booleans()):
        data["competency"] = draw(st.sampled_from(list(COMPETENCIES)))
    if draw(st.booleans()):
        data["channels"] = draw(channel_lists)
    if answer_type == "scale":
        low = draw(st.integers(-2, 3))
        high = draw(st.integers(low + 1, low + 10))
        labels = draw(st.dictionaries(st.integers(low, high).map(str), non_empty_texts, max_size=3))
        data["scale"] = {"min": low, "max": high} | ({"labels": labels} if labels else {})
    if answer_type == "points":
        option_keys = draw(st.lists(keys.filter(lambda k: k != "na"), unique=True, min_size=2, max_size=4))
        points = draw(st.lists(st.integers(0, 5), min_size=len(option_keys), max_size=len(option_keys)))
        points[0] = draw(st.integers(1, 5))          # the best answer is worth something
        if critical:
            points[-1] = 0                           # and a critical one can fail
        data["options"] = [{"key": k, "label": draw(non_empty_texts), "points": p}
                           for k, p in zip(option_keys, points)]
    if answer_type in ("yes_no", "yes_no_na") and draw(st.booleans()):
        data["autoqa"] = draw(autoqa_rules)
    return data


@st.composite
def definitions(draw, bonus_sections: bool = True, max_sections: int = 4) -> dict:
    count = draw(st.integers(1, max_sections))
    section_keys = draw(st.lists(keys, unique=True, min_size=count, max_size=count))
    sizes = draw(st.lists(st.integers(1, 4), min_size=count, max_size=count))
    criterion_keys = iter(draw(st.lists(keys, unique=True, min_size=sum(sizes), max_size=sum(sizes))))
    bonus = [bonus_sections and number > 0 and draw(st.booleans()) for number in range(count)]
    sections = []
    for key, size, is_bonus in zip(section_keys, sizes, bonus):
        section = {"key": key, "name": draw(non_empty_texts), "weight": draw(weights),
                   "criteria": [draw(criteria(next(criterion_keys), is_bonus)) for _ in range(size)]}
        if is_bonus:
            section["bonus"] = True
        sections.append(section)
    data: dict = {"sections": sections}
    if draw(st.booleans()):
        data["pass_mark"] = draw(st.one_of(st.integers(0, 100), st.floats(0, 100)))
    if draw(st.booleans()):
        data["allow_over_100"] = draw(st.booleans())
    if draw(st.booleans()):
        data["channels"] = list(CHANNELS)
    return data


@st.composite
def answers_for(draw, definition: Definition, missing: bool = False) -> dict[str, str]:
    """An allowed answer to every criterion (some left out when missing is true)."""
    answers = {}
    for _, criterion in definition.criteria():
        if missing and draw(st.booleans()):
            continue
        answers[criterion.key] = draw(st.sampled_from([value for value, _ in definition.allowed_values(criterion)]))
    return answers
