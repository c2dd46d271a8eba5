"""Module pages: the library (every signed-in user reads published modules), a module's page, and the editor
with its server-rendered preview (trainers and admins). A module someone may not read is a 404, the same as one
that does not exist. Attachments and clips are in item_views.
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from qa.access import roles_required, signed_in
from qa.errors import Refused
from qa.extensions import db
from qa.web.forms import form_page
from scorecards.competencies import COMPETENCIES
from training.modules import access, services
from training.modules.attachments import is_image
from training.modules.forms import AttachmentForm, LibraryFilterForm, ModuleForm
from training.modules.markdown import render_markdown
from training.modules.models import CoachingModule, ModuleStatus
from training.modules.services import BODY_MAX_BYTES

bp = Blueprint("training_modules", __name__, url_prefix="/coaching/modules")
WRITERS = tuple(access.WRITERS)


def readable_or_404(module_id: int) -> CoachingModule:
    module = access.readable_module(current_user, module_id)
    if module is None:
        abort(404, description=f"There is no coaching module {module_id} that you can open.")
    return module


def image_urls(module: CoachingModule) -> list[str]:
    """The addresses a module's text may show pictures from: its own image attachments."""
    return [url_for("training_modules.download_attachment", module_id=module.id, attachment_id=a.id)
            for a in module.attachments if is_image(a)]


def module_body(module: CoachingModule) -> Markup:
    """A module's text as safe HTML (a template global: training/modules/_content.html uses it)."""
    return render_markdown(module.body, images=image_urls(module))


@bp.route("/")
@signed_in
def index():
    form = LibraryFilterForm(request.args)
    everything = access.can_read_all(current_user)
    if not form.validate():
        return render_template("training/modules/index.html", form=form, modules=[], everything=everything,
                               competencies=COMPETENCIES), 400
    if everything:
        statuses = [form.status.data] if form.status.data else None
    else:
        statuses = [ModuleStatus.PUBLISHED.value]
    modules = services.list_modules(statuses=statuses, search=form.q.data,
                                    competencies=[form.competency.data] if form.competency.data else None)
    return render_template("training/modules/index.html", form=form, modules=modules, everything=everything,
                           can_write=access.can_write(current_user), competencies=COMPETENCIES)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    form = ModuleForm()
    if _previewing(form):
        return _editor(form, None, preview=render_markdown(form.body.data))

    def create():
        module = services.create_module(form.module_input(), current_user.id)
        db.session.commit()
        flash(f"The module {module.title} is saved as a draft. Add attachments and clips, then publish it.",
              "success")
        return redirect(url_for("training_modules.edit", module_id=module.id), 303)

    return form_page(form, "training/modules/edit.html", create, module=None, **editor_context(None))


@bp.route("/<int:module_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(module_id: int):
    module = readable_or_404(module_id)
    form = ModuleForm(obj=module)
    if _previewing(form):
        return _editor(form, module, preview=render_markdown(form.body.data, images=image_urls(module)))

    def save():
        services.update_module(module.id, form.module_input(), current_user.id)
        db.session.commit()
        flash("The module is saved.", "success")
        return redirect(url_for("training_modules.edit", module_id=module.id), 303)

    return form_page(form, "training/modules/edit.html", save, module=module, **editor_context(module))


def _previewing(form: ModuleForm) -> bool:
    """The editor's "Preview" button (for a browser without scripts): render the text, save nothing. The fields
    are checked too, so the trainer sees what still stops the save."""
    if not (form.is_submitted() and "preview" in request.form):
        return False
    form.validate()
    return True


def _editor(form: ModuleForm, module: CoachingModule | None, preview: Markup):
    return render_template("training/modules/edit.html", form=form, module=module, preview=preview,
                           **editor_context(module))


def editor_context(module: CoachingModule | None) -> dict:
    return {"attachment_form": AttachmentForm(formdata=None), "image_urls": image_urls(module) if module else [],
            "body_max_kb": BODY_MAX_BYTES // 1024}


@bp.route("/preview", methods=["POST"])
@roles_required(*WRITERS)
def preview():
    """The editor's live preview: the text rendered exactly as the module page will, as an HTML fragment."""
    body = request.form.get("body", "")
    if len(body.encode("utf-8")) > BODY_MAX_BYTES:
        return f"The text is longer than {BODY_MAX_BYTES // 1024} KB.", 400, {"Content-Type": "text/plain"}
    module = access.readable_module(current_user, request.form.get("module_id", type=int) or 0)
    html = render_markdown(body, images=image_urls(module) if module else ())
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/<int:module_id>")
@signed_in
def show(module_id: int):
    module = readable_or_404(module_id)
    return render_template("training/modules/show.html", module=module, can_write=access.can_write(current_user),
                           competencies=COMPETENCIES)


@bp.route("/<int:module_id>/publish", methods=["POST"])
@roles_required(*WRITERS)
def publish(module_id: int):
    module = readable_or_404(module_id)
    return _act(module, lambda: services.publish_module(module.id, current_user.id),
                "The module is published: it is in the library and can be put in plans.")


@bp.route("/<int:module_id>/archive", methods=["POST"])
@roles_required(*WRITERS)
def archive(module_id: int):
    module = readable_or_404(module_id)
    return _act(module, lambda: services.archive_module(module.id, current_user.id),
                "The module is archived: plans that have it keep it; new plans cannot take it.")


def _act(module: CoachingModule, action, done: str):
    try:
        action()
    except Refused as refusal:
        db.session.rollback()
        return render_template("training/modules/show.html", module=module, can_write=True,
                               competencies=COMPETENCIES, error=str(refusal)), 400
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("training_modules.show", module_id=module.id), 303)


def init_modules(app: Flask) -> None:
    from qa.jobs.registry import job_failed
    from training.modules import clips, item_views  # noqa: F401  (attachment and clip routes; the cut job)
    from training.modules.timecodes import timecode
    from training.navigation import CoachingLink, add_coaching_link

    app.register_blueprint(bp)
    app.add_template_global(module_body)
    app.add_template_filter(timecode, "clip_time")
    add_coaching_link(app, CoachingLink("Modules", "training_modules.index", 30))
    job_failed.connect(clips.on_job_failed)  # a failed cut shows its reason on the clip
