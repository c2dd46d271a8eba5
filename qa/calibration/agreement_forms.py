"""The pooled agreement page's choices, read from the query string: version, from, to.

    /calibration/agreement?version=3&from=2026-09-01&to=2026-11-30

The period is of the sessions' deadlines, both days included, at most MAX_DAYS long; without dates it is
the DEFAULT_DAYS up to today. Each bad value is named with its field, and nothing is computed: the page
answers 400 with the messages beside the form, the CSV a 400 in plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from qa.web.converters import LARGEST_ID
from scorecards.models import ScorecardVersion

FIELDS = {"version": "Version", "from": "From", "to": "To"}
DEFAULT_DAYS = 90
MAX_DAYS = 731  # two years, a leap day included
YEARS = range(1900, 9999)  # so a period's arithmetic never leaves the calendar


@dataclass
class AgreementForm:
    values: dict[str, str]                  # as typed, to show back in the form
    version: ScorecardVersion | None = None
    date_from: date | None = None
    date_to: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def chosen(self) -> bool:
        return self.valid and self.version is not None

    def args(self) -> dict[str, str]:
        """This choice as a query string, the defaults spelled out (for the CSV and the links)."""
        return {"version": str(self.version.id), "from": self.date_from.isoformat(), "to": self.date_to.isoformat()}

    def messages(self) -> list[str]:
        return [f"{FIELDS[name]}: {message}" for name, message in self.errors.items()]


def default_period(today: date) -> tuple[date, date]:
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def read_agreement_form(args, versions: list[ScorecardVersion], today: date) -> AgreementForm:
    """The choice in these request args; `errors` names each field that is wrong."""
    form = AgreementForm(values={name: (args.get(name) or "").strip() for name in FIELDS})
    for name in FIELDS:
        if len(args.getlist(name)) > 1:
            form.errors[name] = "give it once."
    form.version = _version(form, versions)
    start, end = default_period(today)
    date_from, date_to = _date(form, "from"), _date(form, "to")
    form.date_to = date_to or end
    form.date_from = date_from or (form.date_to - (end - start))
    if "from" not in form.errors and "to" not in form.errors:
        if form.date_to < form.date_from:
            form.errors["to"] = f"{form.date_to} is before the start, {form.date_from}."
        elif (form.date_to - form.date_from).days + 1 > MAX_DAYS:
            form.errors["to"] = (f"{form.date_from} to {form.date_to} is more than two years; choose a period of at "
                                 f"most {MAX_DAYS} days.")
    return form


def _version(form: AgreementForm, versions: list[ScorecardVersion]) -> ScorecardVersion | None:
    value = form.values["version"]
    if not value:
        if form.values["from"] or form.values["to"]:
            form.errors.setdefault("version", "choose the scorecard version whose sessions to pool.")
        return None
    number = _whole(value)
    chosen = next((version for version in versions if version.id == number), None)
    if chosen is None:
        form.errors.setdefault("version", f"there is no scorecard version {value!r} with calibration sessions.")
    return chosen


def _date(form: AgreementForm, name: str) -> date | None:
    value = form.values[name]
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        form.errors.setdefault(name, f"give a date as YYYY-MM-DD, not {value!r}.")
        return None
    if day.year not in YEARS:
        form.errors.setdefault(name, f"give a date from {YEARS[0]} to {YEARS[-1]}, not {value!r}.")
        return None
    return day


def _whole(value: str) -> int | None:
    # "²".isdigit() is true but int() refuses it; ids beyond the database's integers name nothing.
    if value.isascii() and value.isdigit() and 1 <= int(value) <= LARGEST_ID:
        return int(value)
    return None
