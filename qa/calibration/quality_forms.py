"""The quality pages' filters, read from the query string: scorecard, version (or all), from, to.

The same names serve the page and the CSV (`/quality/answers.csv?scorecard=3&from=2024-01-01`), so a
filtered page's export link is its own query string. Each bad value is named with its field; the page
answers 400 with the messages beside the form, the CSV a 400 in plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qa.calibration.quality import QualityFilter
from qa.web.converters import LARGEST_ID
from scorecards.models import Scorecard, ScorecardVersion

FIELDS = {"scorecard": "Scorecard", "version": "Version", "from": "From", "to": "To", "sort": "Sort agents by"}
# The agents table's orders (qa.calibration.quality_leniency.sort_agents), by their column headings.
AGENT_SORTS = {"name": "Agent", "raw": "Raw mean", "adjusted": "Adjusted mean", "difference": "Difference"}


@dataclass
class QualityForm:
    """What was asked (as typed, to show back in the form), what it means, and what was wrong with it."""
    values: dict[str, str]
    filters: QualityFilter | None = None
    sort: str = "name"
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def asked(self) -> bool:
        return bool(self.values.get("scorecard"))

    @property
    def valid(self) -> bool:
        return not self.errors

    def export_args(self) -> dict[str, str]:
        """This selection as the CSV's query string (the agents' order does not apply to answers)."""
        return {name: value for name, value in self.values.items() if value and name != "sort"}

    def messages(self) -> list[str]:
        return [f"{FIELDS[name]}: {message}" for name, message in self.errors.items()]


def read_quality_form(args, scorecards: list[Scorecard]) -> QualityForm:
    """The filters in these request args; `errors` names each field that is wrong (and nothing is computed)."""
    values = {name: (args.get(name) or "").strip() for name in FIELDS}
    form = QualityForm(values=values)
    for name in FIELDS:
        if len(args.getlist(name)) > 1:
            form.errors[name] = "give it once."
    scorecard = _scorecard(form, scorecards)
    version = _version(form, scorecard)
    date_from, date_to = _date(form, "from"), _date(form, "to")
    if date_from and date_to and date_to < date_from:
        form.errors["to"] = f"{date_to} is before the start, {date_from}."
    if values["sort"] and values["sort"] not in AGENT_SORTS:
        form.errors["sort"] = f"must be one of {', '.join(AGENT_SORTS)}, not {values['sort']!r}."
    form.sort = values["sort"] if values["sort"] in AGENT_SORTS else "name"
    if scorecard is not None and not form.errors:
        form.filters = QualityFilter(scorecard_id=scorecard.id, version_id=version.id if version else None,
                                     date_from=date_from, date_to=date_to)
    return form


def _scorecard(form: QualityForm, scorecards: list[Scorecard]) -> Scorecard | None:
    value = form.values["scorecard"]
    if not value:
        if form.values["version"] or form.values["from"] or form.values["to"]:
            form.errors.setdefault("scorecard", "choose the scorecard to measure.")
        return None
    number = _whole(value)
    chosen = next((scorecard for scorecard in scorecards if scorecard.id == number), None)
    if chosen is None:
        form.errors.setdefault("scorecard", f"there is no scorecard {value!r}.")
    return chosen


def _version(form: QualityForm, scorecard: Scorecard | None) -> ScorecardVersion | None:
    value = form.values["version"]
    if not value or value == "all" or scorecard is None:
        return None
    number = _whole(value)
    chosen = next((version for version in scorecard.versions if version.id == number), None)
    if chosen is None:
        form.errors.setdefault("version", f"{value!r} is not a version of {scorecard.name}; choose one of its "
                                          "versions or all.")
    return chosen


def _whole(value: str) -> int | None:
    # "²".isdigit() is true but int() refuses it; ids beyond the database's integers name nothing.
    if value.isascii() and value.isdigit() and 1 <= int(value) <= LARGEST_ID:
        return int(value)
    return None


def _date(form: QualityForm, name: str) -> date | None:
    value = form.values[name]
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        form.errors.setdefault(name, f"give a date as YYYY-MM-DD, not {value!r}.")
        return None
