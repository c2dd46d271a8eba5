"""The audit log page for admins and QA leads: filter, page back through history, see what changed."""
import json

from flask import Blueprint, render_template, request

from qa.access import roles_required
from qa.accounts.services import list_users
from qa.audit import services
from qa.audit.forms import SYSTEM, AuditFilterForm
from qa.roles import Role

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.route("")
@roles_required(Role.ADMIN, Role.QA_LEAD)
def index():
    form = AuditFilterForm(request.args)
    form.set_choices(list_users(), services.list_target_types())
    if not form.validate():
        return render_template("audit/index.html", form=form, entries=[], next_before=None), 400
    entries, next_before = services.list_entries(_filters(form), before_id=request.args.get("before", type=int))
    return render_template("audit/index.html", form=form, entries=entries, next_before=next_before,
                           changes=services.changes, paged=bool(request.args.get("before")))


def _filters(form: AuditFilterForm) -> services.AuditFilter:
    actor = form.actor.data or ""
    return services.AuditFilter(
        action_prefix=(form.action.data or "").strip() or None,
        actor_id=int(actor) if actor.isdigit() else None, system_only=actor == SYSTEM,
        target_type=form.target_type.data or None, target_id=form.target_id.data,
        date_from=form.date_from.data, date_to=form.date_to.data)


def audit_value(value) -> str:
    """A recorded value as plain text (the template escapes it): lists joined, structures as JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value) if value else "(none)"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
