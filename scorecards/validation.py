"""The error a bad scorecard definition raises, and the small field checks the parsers share.

Every check names the field it refused by the keys a scorecard author wrote, e.g.
`section "opening" › criterion "greeting" › weight`, and says what would be accepted.
"""
from __future__ import annotations

import difflib
import math
import re
from typing import Any

from qa.errors import Refused

KEY_PATTERN = re.compile(r"[a-z0-9_]{1,40}")
SEPARATOR = " › "
# The channels of transcription.models.Channel; scorecards may not import transcription, so the
# test suite checks the two lists agree.
CHANNELS = ("phone", "chat", "email", "social")


class DefinitionError(Refused):
    """A scorecard definition the platform cannot score with. `field_path` names the field."""

    def __init__(self, field_path: str, message: str):
        super().__init__(f"{field_path}: {message}" if field_path else message)
        self.field_path = field_path
        self.message = message


def at(where: str, field: str) -> str:
    return f"{where}{SEPARATOR}{field}" if where else field


def check_fields(data: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """The dict itself, once it is a dict with every required field and nothing it does not know."""
    if not isinstance(data, dict):
        raise DefinitionError(where or "definition", f"must be a table of fields, not {_shown(data)}.")
    known = required + optional
    for field in data:
        if field not in known:
            guess = difflib.get_close_matches(str(field), known, n=1)
            hint = f'did you mean "{guess[0]}"? ' if guess else ""
            raise DefinitionError(at(where, str(field)),
                                  f"is not a field here; {hint}the fields are {', '.join(known)}.")
    for field in required:
        if field not in data:
            raise DefinitionError(at(where, field), "is required.")
    return data


def check_key(value: Any, path: str) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise DefinitionError(path, f"must be 1 to 40 lower-case letters, digits or underscores "
                                    f"(like first_contact_resolution), not {_shown(value)}.")
    return value


def check_text(value: Any, path: str, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise DefinitionError(path, f"must be {'non-empty ' if required else ''}text, not {_shown(value)}.")
    return value


def check_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise DefinitionError(path, f"must be true or false, not {_shown(value)}.")
    return value


def check_number(value: Any, path: str, *, above: float | None = None, at_least: float | None = None,
                 at_most: float | None = None) -> int | float:
    """A finite int or float (never a bool) within the bounds given; returned as it came, for round trips."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DefinitionError(path, f"must be a number, not {_shown(value)}.")
    if above is not None and not value > above:
        raise DefinitionError(path, f"must be a number greater than {above}, not {value}.")
    if at_least is not None and value < at_least:
        raise DefinitionError(path, f"must be {at_least} or more, not {value}.")
    if at_most is not None and value > at_most:
        raise DefinitionError(path, f"must be {at_most} or less, not {value}.")
    return value


def check_whole(value: Any, path: str, *, at_least: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DefinitionError(path, f"must be a whole number, not {_shown(value)}.")
    if at_least is not None and value < at_least:
        raise DefinitionError(path, f"must be a whole number of at least {at_least}, not {value}.")
    return value


def check_choice(value: Any, path: str, choices: tuple[str, ...], what: str = "") -> str:
    if value not in choices:
        raise DefinitionError(path, f"{what or 'must be one of'} {', '.join(choices)}; {_shown(value)} is not.")
    return value


def check_list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise DefinitionError(path, f"must be a list, not {_shown(value)}.")
    return value


def check_channels(value: Any, path: str, allowed: tuple[str, ...] = CHANNELS) -> tuple[str, ...]:
    channels = check_list(value, path)
    for channel in channels:
        if channel not in allowed:
            raise DefinitionError(path, f"{_shown(channel)} is not a channel here; use {', '.join(allowed)} "
                                        f"(or an empty list for all).")
    if len(set(channels)) != len(channels):
        raise DefinitionError(path, "lists a channel twice.")
    return tuple(channels)


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a table" if isinstance(value, dict) else "a list"
    return repr(value)
