from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

SYSTEM = "system"  # the actor choice for entries made by no user (CLI, jobs)


class AuditFilterForm(FlaskForm):
    """Read from the query string; a GET filter needs no CSRF token."""

    class Meta:
        csrf = False

    action = StringField("Action starts with", validators=[Optional(), Length(max=60)])
    actor = SelectField("Who", validators=[Optional()])
    target_type = SelectField("Target", validators=[Optional()], validate_choice=False)
    target_id = IntegerField("Target id", validators=[Optional(), NumberRange(min=1)])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def set_choices(self, users, target_types) -> None:
        self.actor.choices = ([SelectChoice("", "Anyone"), SelectChoice(SYSTEM, "System (no user)")]
                              + [SelectChoice(str(user.id), user.name) for user in users])
        # A link may name a type with no entries yet: keep it selectable rather than refuse the page.
        types = sorted({*target_types, *([self.target_type.data] if self.target_type.data else [])})
        self.target_type.choices = [SelectChoice("", "Any target")] + [SelectChoice(t, t) for t in types]
