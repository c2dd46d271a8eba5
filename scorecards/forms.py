"""The scorecard pages' small forms. The builder's rows are parsed by scorecards.builder_form; the
DraftForm here carries only what every save needs (the CSRF token and the revision the page was loaded at)."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from scorecards.services import NAME_MAX

DESCRIPTION_MAX = 2000
NOTE_MAX = 500
MAX_TOML_CHARS = 200_000


class DetailsForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=NAME_MAX)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=DESCRIPTION_MAX)])


class NewScorecardForm(DetailsForm):
    start = RadioField("Start from", default="blank", choices=[
        SelectChoice("blank", "A blank scorecard (one section, one question)"),
        SelectChoice("default", "The customer care specialist scorecard shipped with Callibrate")])


class ImportForm(FlaskForm):
    file = FileField("Scorecard file (TOML)", validators=[FileRequired()])
    publish = BooleanField("Publish it at once")


class PublishForm(FlaskForm):
    note = StringField("What changed", validators=[Optional(), Length(max=NOTE_MAX)])


class DraftForm(FlaskForm):
    base_revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    # Only after a refused stale save: the revision the user was shown, so "save mine over theirs" is a choice
    # made knowing someone else saved, never an accident.
    seen_revision = IntegerField(widget=HiddenInput(), validators=[Optional()])
