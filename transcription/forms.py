from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, DecimalField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from transcription.models import Channel, InteractionStatus
from transcription.queries import METRICS
from transcription.sentiment import LABELS


def _choices(blank: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


class InteractionFilterForm(FlaskForm):
    """Read from the query string; a GET filter needs no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField("Search transcripts", validators=[Optional(), Length(max=200)])
    agent = SelectField("Agent", validators=[Optional()])
    team = SelectField("Team", validators=[Optional()])
    channel = SelectField("Channel", choices=_choices("Any channel", [(c.value, c.value.title()) for c in Channel]),
                          validators=[Optional()])
    status = SelectField("Status", choices=_choices("Any status", [(s.value, s.value.title())
                                                                   for s in InteractionStatus]),
                         validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    min_minutes = DecimalField("Min. minutes", validators=[Optional(), NumberRange(min=0)])
    max_minutes = DecimalField("Max. minutes", validators=[Optional(), NumberRange(min=0)])
    tag = SelectField("Tag", validators=[Optional()])
    sentiment = SelectField("Customer at the end", validators=[Optional()],
                            choices=_choices("Any feeling", [(label, label.title()) for label in LABELS]))
    metric = SelectField("Call metric", validators=[Optional()], choices=_choices(
        "Any metric", [(key, f"{metric.label} ({metric.unit})") for key, metric in METRICS.items()]))
    metric_min = DecimalField("at least", validators=[Optional(), NumberRange(min=0)])
    metric_max = DecimalField("at most", validators=[Optional(), NumberRange(min=0)])

    def set_choices(self, agents, teams, tag_keys) -> None:
        self.agent.choices = _choices("Any agent", [(u.id, u.name) for u in agents])
        self.team.choices = _choices("Any team", [(t.id, t.name) for t in teams])
        self.tag.choices = _choices("Any tag", [(key, key) for key in tag_keys])

    def validate_metric_min(self, field) -> None:
        if field.data is not None and not self.metric.data:
            raise ValidationError("Choose the call metric this range is for.")

    validate_metric_max = validate_metric_min


class ImportForm(FlaskForm):
    files = MultipleFileField("Recordings or transcripts", validators=[DataRequired("Choose at least one file.")])
    agent = SelectField("Agent", validators=[Optional()])
    team = SelectField("Team", validators=[Optional()])
    channel = SelectField("Channel", validators=[Optional()],
                          choices=_choices("Detect (calls: phone, transcripts: chat)",
                                           [(c.value, c.value.title()) for c in Channel]))
    agent_channel = SelectField("Agent's channel in stereo calls", validators=[Optional()],
                                choices=_choices("The default setting", [("left", "Left"), ("right", "Right")]))

    def set_people(self, agents, teams) -> None:
        self.agent.choices = _choices("— none —", [(u.id, f"{u.name} ({u.email})") for u in agents])
        self.team.choices = _choices("— none —", [(t.id, t.name) for t in teams])
