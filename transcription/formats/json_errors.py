"""JSON Schema validation errors rewritten for the person who made the file.

jsonschema's own messages quote the offending value whole (a 5 MB string would be quoted whole) and
name regular expressions; these say where, what is wrong in a few words, and what is accepted.
"""
from __future__ import annotations

from jsonschema.exceptions import ValidationError

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "true/false", int: "a number",
               float: "a number", type(None): "null"}


def describe_validation_error(error: ValidationError) -> str:
    where = error.json_path
    accepted = error.schema.get("description") if isinstance(error.schema, dict) else None
    problem = _problem(error)
    return f"{where}: {problem}. Expected {accepted}." if accepted else f"{where}: {problem}."


def _problem(error: ValidationError) -> str:
    instance, rule = error.instance, error.validator
    if rule == "type":
        return f"found {_JSON_TYPES.get(type(instance), 'a value')}"
    if rule == "required":
        return error.message                       # names the missing field only
    if rule == "additionalProperties":
        allowed = error.schema.get("properties", {})
        unexpected = sorted(key for key in instance if key not in allowed)
        return f"unexpected field{'s' if len(unexpected) > 1 else ''} {', '.join(map(repr, unexpected))}"
    if rule == "anyOf":
        return "neither \"speaker\" nor \"speaker_name\" is given" if isinstance(instance, dict) else "not accepted"
    if rule in ("maxLength", "minLength", "pattern") and isinstance(instance, str):
        if not instance.strip():
            return "it is blank"
        if rule == "maxLength":
            return f"{len(instance):,} characters is too long"
        return f"{_short(instance)} is not accepted"
    if rule == "minItems":
        return "the array is empty"
    return f"{_short(instance)} is not accepted"


def _short(value: object) -> str:
    written = repr(value)
    return written if len(written) <= 60 else written[:57] + "..."
