from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from qa.roles import Role


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _role_choices():
    return [SelectChoice(role.value, role.label) for role in Role]


class EditUserForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    roles = MultiCheckboxField("Roles", choices=_role_choices(),
                               validators=[DataRequired(message="Choose at least one role.")])
    team_id = SelectField("Team", coerce=int, validate_choice=True)
    hire_date = DateField("Hire date", validators=[Optional()])

    def set_team_choices(self, teams) -> None:
        self.team_id.choices = [SelectChoice(0, "— no team —")] + [SelectChoice(t.id, t.name) for t in teams]


class NewUserForm(EditUserForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    invite = BooleanField("Send an invitation link instead of setting a password", default=True)
    password = PasswordField("Password", validators=[Optional(), Length(max=200)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.invite.data and not self.password.data:
            self.password.errors.append("Set a password, or tick the invitation box.")
            return False
        return True


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=120)])
    description = StringField("Description", validators=[Optional(), Length(max=500)])
