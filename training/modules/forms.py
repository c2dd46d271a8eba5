"""The module pages' forms: a module (new or edited), an attachment, a clip, and the library's filter."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from qa.admin.forms import MultiCheckboxField
from qa.web.converters import LARGEST_ID
from scorecards.competencies import COMPETENCIES
from training.modules import clips
from training.modules.models import ClipKind
from training.modules.services import MINUTES_MAX, MINUTES_MIN, SUMMARY_MAX, TITLE_MAX, ModuleInput
from training.modules.timecodes import parse_timecode
from transcription.models import Channel


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ModuleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the module a title."), Length(max=TITLE_MAX)])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=SUMMARY_MAX)])
    competencies = MultiCheckboxField("Competencies it teaches", choices=_choices(COMPETENCIES.items()))
    estimated_minutes = IntegerField("Estimated time (minutes)", default=15, validators=[
        InputRequired("Say how long the module takes, in minutes."),
        NumberRange(MINUTES_MIN, MINUTES_MAX, f"Give a whole number of minutes from {MINUTES_MIN} to {MINUTES_MAX}.")])
    body = TextAreaField("Text (Markdown)", validators=[Optional()])

    def module_input(self) -> ModuleInput:
        return ModuleInput(title=self.title.data or "", summary=self.summary.data or "", body=self.body.data or "",
                           competencies=list(self.competencies.data or []),
                           estimated_minutes=self.estimated_minutes.data)


class AttachmentForm(FlaskForm):
    file = FileField("File", validators=[FileRequired("Choose a file to attach.")])


class ClipForm(FlaskForm):
    interaction_id = IntegerField("Interaction id", validators=[
        InputRequired("Give the interaction's id, or pick one from the search."),
        NumberRange(1, LARGEST_ID, "That is not an interaction id.")])
    kind = RadioField("Kind", choices=_choices([(ClipKind.GOLDEN.value, "Golden example: how it should be done"),
                                                (ClipKind.AVOID.value, "What not to do")]),
                      default=ClipKind.GOLDEN.value, validators=[InputRequired("Choose the kind of clip.")])
    title = StringField("Title", validators=[DataRequired("Give the clip a title."), Length(max=clips.TITLE_MAX)])
    note = TextAreaField("What to listen for", validators=[Optional(), Length(max=clips.NOTE_MAX)])
    start = StringField("From (m:ss)", validators=[Optional(), Length(max=20)])
    end = StringField("To (m:ss)", validators=[Optional(), Length(max=20)])
    first_line = IntegerField("From line", validators=[Optional(), NumberRange(1, 1_000_000)])
    last_line = IntegerField("To line", validators=[Optional(), NumberRange(1, 1_000_000)])

    def span(self) -> dict:
        """The service's keyword arguments: seconds for a call (the times typed), positions for a text (the
        lines as the page numbers them, from 1). Refused when a time cannot be read."""
        span: dict = {}
        if self.start.data or self.end.data:
            span["start"] = parse_timecode(self.start.data, "The start")
            span["end"] = parse_timecode(self.end.data, "The end")
        if self.first_line.data is not None or self.last_line.data is not None:
            first = self.first_line.data if self.first_line.data is not None else self.last_line.data
            last = self.last_line.data if self.last_line.data is not None else first
            span["first_position"], span["last_position"] = first - 1, last - 1
        return span


class LibraryFilterForm(FlaskForm):
    """Read from the query string; a GET filter needs no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField("Title", validators=[Optional(), Length(max=200)])
    competency = SelectField("Competency", choices=_choices([("", "Any competency"), *COMPETENCIES.items()]),
                             validators=[Optional()])
    status = SelectField("Status", choices=_choices([("", "Any status"), ("draft", "Draft"),
                                                     ("published", "Published"), ("archived", "Archived")]),
                         validators=[Optional()])


class ClipSearchForm(FlaskForm):
    """The clip page's search of ready interactions by words in their redacted transcripts."""

    class Meta:
        csrf = False

    q = SearchField("Words in the transcript", validators=[Optional(), Length(max=200)])
    channel = SelectField("Channel", choices=_choices([("", "Any channel"), *((c.value, c.value.title())
                                                                              for c in Channel)]),
                          validators=[Optional()])
