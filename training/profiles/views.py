"""Competency profile pages: the list of agents with their weakest competencies, an agent's profile (for
trainers, QA leads and admins) and the signed-in agent's own. The same template shows both profiles.

An agent asking for another agent's profile gets a 404, the same as for a user id that is not an agent or does
not exist. QA reviewers have no profile pages.
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, render_template, request
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.models import Team, User, UserRole
from qa.accounts.services import list_teams
from qa.extensions import db
from qa.roles import Role
from training.navigation import CoachingLink, add_coaching_link
from training.profiles.charts import months_between, sparkline
from training.profiles.profile import TEAM_MINIMUM_AGENTS, agent_profile, agent_profiles, profile_window
from training.profiles.types import AgentProfile

bp = Blueprint("training_profiles", __name__, url_prefix="/coaching")
READERS = (Role.TRAINER, Role.QA_LEAD, Role.ADMIN)
LISTED_COMPETENCIES = 3


@bp.route("/agents")
@roles_required(*READERS)
def agents():
    teams = list_teams()
    team_id = request.args.get("team", type=int)
    query = (db.select(User).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == Role.AGENT.value, User.active.is_(True)).order_by(User.name, User.id))
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    people = list(db.session.scalars(query))
    profiles = agent_profiles([person.id for person in people])
    rows = [(person, profiles[person.id], _lowest(profiles[person.id])) for person in people]
    return render_template("training/profiles/agents.html", rows=rows, teams=teams, team_id=team_id,
                           team_names={team.id: team.name for team in teams}, window=profile_window())


@bp.route("/agents/<int:agent_id>/profile", endpoint="agent_profile")
@roles_required(*READERS, Role.AGENT)
def agent_profile_page(agent_id: int):
    """Agents may open this address for themselves only: anyone else's is a 404, so it does not say who exists."""
    agent = db.session.get(User, agent_id)
    mine = current_user.id == agent_id
    if agent is None or not agent.has_role(Role.AGENT) or not (mine or current_user.has_any_role(READERS)):
        abort(404, description=f"There is no agent {agent_id} whose profile you can see.")
    return _profile_page(agent)


@bp.route("/profile")
@roles_required(Role.AGENT)
def my_profile():
    return _profile_page(current_user)


def _profile_page(agent: User):
    profile = agent_profile(agent.id)
    months = months_between(profile.since, profile.until)
    lines = {c.key: sparkline(c.trend, months, profile.threshold, profile.minimum_evaluations)
             for c in profile.competencies}
    notes: dict[str, int] = {}   # a reason shown once under the table, numbered, instead of in every cell
    for competency in profile.competencies:
        if competency.estimate.score is not None:
            for reason in (competency.estimate.adjusted_reason, competency.team_reason):
                if reason:
                    notes.setdefault(reason, len(notes) + 1)
    team = db.session.get(Team, agent.team_id) if agent.team_id else None
    return render_template("training/profiles/profile.html", agent=agent, profile=profile, lines=lines,
                           months=months, notes=notes, team=team, own=agent.id == current_user.id,
                           team_minimum=TEAM_MINIMUM_AGENTS)


def _lowest(profile: AgentProfile) -> list:
    """The agent's lowest competencies among those with enough evaluations to act on, lowest first."""
    enough = [c for c in profile.competencies
              if c.estimate.score is not None and c.estimate.n_evaluations >= profile.minimum_evaluations]
    return sorted(enough, key=lambda c: c.estimate.score)[:LISTED_COMPETENCIES]


def init_profiles(app: Flask) -> None:
    app.register_blueprint(bp)
    add_coaching_link(app, CoachingLink("Profiles", "training_profiles.agents", 20))
