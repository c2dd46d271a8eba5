"""REST API for evaluations under /api/v1/evaluations (bearer tokens; see qa/api).

The same visibility as the pages: agents get their own submitted live evaluations only. Every bad filter
is a 400 whose JSON error names the parameter (`error.parameter`); nothing here answers 500 to input.
"""
from __future__ import annotations

import math
from datetime import date

from flask import Blueprint, abort, jsonify, make_response, request

from qa.access import api_roles_required
from qa.accounts.services import find_user_by_email
from qa.api import bearer_user
from qa.reviews.evaluation_document import evaluation_document, evaluation_summary
from qa.reviews.evaluation_list import (DISPUTED_CHOICES, MAX_PAGE, PAGE_SIZE, EvaluationFilter,
                                       dispute_states, list_evaluations)
from qa.reviews.models import EvaluationStatus
from qa.reviews.queries import find_visible_evaluation
from qa.web.converters import LARGEST_ID

bp = Blueprint("evaluations_api", __name__, url_prefix="/api/v1/evaluations")
FILTERS = ("agent", "reviewer", "scorecard", "from", "to", "status", "min_score", "max_score", "result",
           "acknowledged", "disputed", "page")
YES_NO = {"yes": True, "true": True, "no": False, "false": False}


def bad_parameter(parameter: str, message: str):
    """Stop the request with a 400 in the API's error shape, naming the parameter."""
    abort(make_response(jsonify(error={"status": 400, "title": "Bad Request", "message": message,
                                       "parameter": parameter}), 400))


@bp.route("", methods=["GET"])
@api_roles_required()
def index():
    args = _single_values()
    page = _whole(args, "page", MAX_PAGE) or 1
    filters = _filters(args)
    evaluations, total = list_evaluations(bearer_user(), filters, page)
    states = dispute_states([evaluation.id for evaluation in evaluations])
    return jsonify(total=total, page=page, page_size=PAGE_SIZE, pages=max(1, math.ceil(total / PAGE_SIZE)),
                   items=[evaluation_summary(evaluation, states.get(evaluation.id)) for evaluation in evaluations])


@bp.route("/<int:evaluation_id>", methods=["GET"])
@api_roles_required()
def show(evaluation_id: int):
    user = bearer_user()
    evaluation = find_visible_evaluation(user, evaluation_id)
    if evaluation is None:
        abort(404, description=f"There is no evaluation {evaluation_id} that you can see.")
    return jsonify(evaluation_document(evaluation, user))


def _single_values() -> dict[str, str]:
    for name in request.args:
        if name not in FILTERS:
            bad_parameter(name, f"{name!r} is not a filter of this list; the filters are {', '.join(FILTERS)}.")
        if len(request.args.getlist(name)) > 1:
            bad_parameter(name, f"Give {name} once.")
    return {name: value.strip() for name, value in request.args.items() if value.strip()}


def _filters(args: dict[str, str]) -> EvaluationFilter:
    agent, agent_unknown = _person(args, "agent")
    reviewer, reviewer_unknown = _person(args, "reviewer")
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_to < date_from:
        bad_parameter("to", f"to ({date_to}) is before from ({date_from}).")
    min_score, max_score = _score(args, "min_score"), _score(args, "max_score")
    if min_score is not None and max_score is not None and max_score < min_score:
        bad_parameter("max_score", f"max_score ({max_score:g}) is below min_score ({min_score:g}).")
    return EvaluationFilter(
        agent_id=agent, reviewer_id=reviewer, scorecard_id=_whole(args, "scorecard"), date_from=date_from,
        date_to=date_to, min_score=min_score, max_score=max_score,
        passed=_choice(args, "result", {"pass": True, "fail": False}),
        acknowledged=_choice(args, "acknowledged", YES_NO),
        disputed=_choice(args, "disputed", {value: value for value in DISPUTED_CHOICES}),
        status=_choice(args, "status", {status.value: status.value for status in EvaluationStatus}),
        nobody=agent_unknown or reviewer_unknown)


def _person(args: dict[str, str], name: str) -> tuple[int | None, bool]:
    """A user id or e-mail. An e-mail nobody has matches nothing; it is not an error, so the API does not
    tell an agent who has an account."""
    value = args.get(name)
    if value is None:
        return None, False
    if _digits(value):
        return _whole(args, name), False
    if "@" not in value:
        bad_parameter(name, f"{name} must be a user id or an e-mail address, not {value!r}.")
    user = find_user_by_email(value)
    return (user.id, False) if user else (None, True)


def _whole(args: dict[str, str], name: str, at_most: int = LARGEST_ID) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if not _digits(value) or not 1 <= int(value) <= at_most:
        bad_parameter(name, f"{name} must be a whole number from 1 to {at_most}, not {value!r}.")
    return int(value)


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()  # "²".isdigit() is true, but int() refuses it


def _date(args: dict[str, str], name: str) -> date | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        bad_parameter(name, f"{name} must be a date as YYYY-MM-DD, not {value!r}.")


def _score(args: dict[str, str], name: str) -> float | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not 0 <= number <= 1000:
        bad_parameter(name, f"{name} must be a number from 0 to 1000, not {value!r}.")
    return number


def _choice(args: dict[str, str], name: str, choices: dict):
    value = args.get(name)
    if value is None:
        return None
    if value.lower() not in choices:
        bad_parameter(name, f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return choices[value.lower()]
