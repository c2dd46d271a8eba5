"""The quality pages (QA leads and admins): AutoQA against people, reviewer leniency and drift, agents' raw
and leniency-adjusted scores, over submitted live evaluations; and the CSV of the answers behind them.

    GET /quality/?scorecard=3&version=all&from=2024-01-01&to=2024-03-31&sort=adjusted
    GET /quality/answers.csv?scorecard=3&from=2024-01-01&to=2024-03-31
"""
from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template, request, stream_with_context
from flask_login import current_user

from qa.access import roles_required
from qa.calibration import leniency, quality_charts
from qa.calibration.kappa import DEFAULT_MINIMUM_ITEMS
from qa.calibration.quality import KAPPA_VERDICTS, VERDICT_BOUNDS, autoqa_agreement, scorecards_with_versions
from qa.calibration.quality_export import answers_csv
from qa.calibration.quality_forms import AGENT_SORTS, read_quality_form
from qa.calibration.quality_leniency import leniency_report, sort_agents
from qa.roles import Role

bp = Blueprint("quality", __name__, url_prefix="/quality")
LEADS = (Role.QA_LEAD, Role.ADMIN)


@bp.route("/")
@roles_required(*LEADS)
def index():
    scorecards = scorecards_with_versions()
    form = read_quality_form(request.args, scorecards)
    page = {"form": form, "scorecards": scorecards, "agreements": None, "report": None, "agents": [],
            "verdicts": KAPPA_VERDICTS, "bounds": VERDICT_BOUNDS, "sorts": AGENT_SORTS, "charts": quality_charts,
            "minimum_items": DEFAULT_MINIMUM_ITEMS, "shrinkage": leniency.SHRINKAGE,
            "minimum_evaluations": leniency.DEFAULT_MINIMUM_EVALUATIONS,
            "minimum_interactions": leniency.DEFAULT_MINIMUM_INTERACTIONS}
    if not form.valid:
        return render_template("quality/index.html", **page), 400
    if form.filters is not None:
        page["agreements"] = autoqa_agreement(current_user, form.filters)
        page["report"] = leniency_report(current_user, form.filters)
        page["agents"] = sort_agents(page["report"].agents, form.sort)
    return render_template("quality/index.html", **page)


@bp.route("/answers.csv")
@roles_required(*LEADS)
def answers():
    form = read_quality_form(request.args, scorecards_with_versions())
    if form.valid and form.filters is None:
        form.errors["scorecard"] = "choose the scorecard whose answers to export."
    if not form.valid:
        return Response("\n".join(form.messages()) + "\n", status=400, mimetype="text/plain")
    filters = form.filters
    name = "-".join(str(part) for part in ("answers", "scorecard", filters.scorecard_id,
                                           filters.date_from or "", filters.date_to or "") if part != "")
    return Response(stream_with_context(answers_csv(current_user, filters)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def init_quality_pages(app: Flask) -> None:
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(bp)
    add_nav_item(app, NavItem("Quality", "quality.index", group="admin"))
