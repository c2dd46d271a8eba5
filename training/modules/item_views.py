"""A module's attachments and clips: upload, download and delete files; make, reorder and delete clips (trainers
and admins); a clip's cut audio, streamed to anyone who may read the module."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from qa.access import roles_required, signed_in
from qa.errors import Refused
from qa.extensions import db
from qa.storage import stored_path
from training.modules import attachments, clips
from training.modules.cutting import CLIP_MEDIA_TYPE
from training.modules.forms import AttachmentForm, ClipForm, ClipSearchForm, ModuleForm
from training.modules.models import ClipStatus
from training.modules.views import WRITERS, bp, editor_context, readable_or_404
from transcription.queries import InteractionFilter, find_visible_interaction, list_interactions
from transcription.search.service import search_interactions
from transcription.search.terms import parse_query

PICKER_SIZE = 15


@bp.route("/<int:module_id>/attachments", methods=["POST"])
@roles_required(*WRITERS)
def upload_attachment(module_id: int):
    module = readable_or_404(module_id)
    form = AttachmentForm()
    if not form.validate():
        return _back_to_editor(module, " ".join(e for errors in form.errors.values() for e in errors), 400)
    upload = form.file.data
    try:
        attachment = attachments.add_attachment(module.id, upload.read(), upload.filename, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _back_to_editor(module, str(refusal), 400)
    db.session.commit()
    flash(f"{attachment.filename} is attached.", "success")
    return redirect(url_for("training_modules.edit", module_id=module.id, _anchor="attachments"), 303)


def _back_to_editor(module, error: str, status: int):
    return render_template("training/modules/edit.html", form=ModuleForm(obj=module, formdata=None), module=module,
                           attachment_error=error, **editor_context(module)), status


@bp.route("/<int:module_id>/attachments/<int:attachment_id>")
@signed_in
def download_attachment(module_id: int, attachment_id: int):
    module = readable_or_404(module_id)
    try:
        attachment = attachments.find_attachment(module.id, attachment_id)
    except Refused as refusal:
        abort(404, description=str(refusal))
    # Always a download, of the type the content was recognised as, never sniffed into something else.
    response = send_file(stored_path(attachment.path), mimetype=attachment.media_type, as_attachment=True,
                         download_name=attachment.filename, conditional=True, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<int:module_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@roles_required(*WRITERS)
def delete_attachment(module_id: int, attachment_id: int):
    module = readable_or_404(module_id)
    return _act(module, lambda: attachments.delete_attachment(module.id, attachment_id, current_user.id),
                "The attachment is deleted.", "attachments")


@bp.route("/<int:module_id>/clips/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new_clip(module_id: int):
    """Pick an interaction (by id, or from a search of ready ones), read its lines with their times, make the
    clip. The search is a GET on the same page, so the picked interaction and the search stay in the address."""
    module = readable_or_404(module_id)
    form = ClipForm(data={"interaction_id": request.args.get("interaction", type=int)})
    error = None
    if form.is_submitted():
        if form.validate():
            try:
                clip = clips.add_clip(module.id, form.interaction_id.data, form.kind.data, form.title.data,
                                      form.note.data or "", actor_id=current_user.id, **form.span())
            except Refused as refusal:
                db.session.rollback()
                error = str(refusal)
            else:
                db.session.commit()
                flash(f"The clip {clip.title} is added" + (
                    "; its audio is being cut." if clip.status == ClipStatus.PENDING.value else "."), "success")
                return redirect(url_for("training_modules.edit", module_id=module.id, _anchor="clips"), 303)
    chosen = find_visible_interaction(current_user, form.interaction_id.data) if form.interaction_id.data else None
    search, picks = _picker()
    status = 400 if form.is_submitted() else 200
    return render_template("training/modules/clip.html", module=module, form=form, error=error, chosen=chosen,
                           search=search, picks=picks), status


def _picker():
    """The search form and the ready interactions it finds: by words in their transcripts, else the newest."""
    search = ClipSearchForm(request.args)
    filters = InteractionFilter(status="ready", channel=search.channel.data or None)
    if not search.validate():
        return search, []
    if search.q.data and search.q.data.strip():
        try:
            query = parse_query(search.q.data)
        except Refused as refusal:
            search.q.errors.append(str(refusal))
            return search, []
        if query.phrases:
            hits = search_interactions(current_user, query, filters).hits
            return search, [hit.interaction for hit in hits[:PICKER_SIZE]]
    interactions, _total = list_interactions(current_user, filters, 1)
    return search, interactions[:PICKER_SIZE]


@bp.route("/<int:module_id>/clips/<int:clip_id>/move", methods=["POST"])
@roles_required(*WRITERS)
def move_clip(module_id: int, clip_id: int):
    module = readable_or_404(module_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400, description="Say whether the clip moves up or down.")
    return _act(module, lambda: clips.move_clip(module.id, clip_id, step), "The clip is moved.", "clips")


@bp.route("/<int:module_id>/clips/<int:clip_id>/delete", methods=["POST"])
@roles_required(*WRITERS)
def delete_clip(module_id: int, clip_id: int):
    module = readable_or_404(module_id)
    return _act(module, lambda: clips.delete_clip(module.id, clip_id), "The clip is deleted.", "clips")


@bp.route("/<int:module_id>/clips/<int:clip_id>/audio")
@signed_in
def clip_audio(module_id: int, clip_id: int):
    module = readable_or_404(module_id)
    try:
        clip = clips.find_clip(module.id, clip_id)
    except Refused as refusal:
        abort(404, description=str(refusal))
    if not clip.audio_path:
        abort(404, description="This clip has no audio yet." if clip.status == ClipStatus.PENDING.value
              else "This clip has no audio.")
    # conditional=True answers Range requests, which the audio player needs to seek (as interactions.media).
    return send_file(stored_path(clip.audio_path), mimetype=CLIP_MEDIA_TYPE, conditional=True, max_age=0)


def _act(module, action, done: str, anchor: str):
    try:
        action()
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("training_modules.edit", module_id=module.id, _anchor=anchor), 303)
