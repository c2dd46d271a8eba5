from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

PASSWORD_LIMIT = Length(max=200, message="Passwords can have at most 200 characters.")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), PASSWORD_LIMIT])
    next = HiddenField(validators=[Length(max=500)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), PASSWORD_LIMIT])
    new_password = PasswordField("New password", validators=[DataRequired(), PASSWORD_LIMIT])
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired(), EqualTo("new_password", "The two passwords differ.")])


class SetPasswordForm(FlaskForm):
    new_password = PasswordField("Choose a password", validators=[DataRequired(), PASSWORD_LIMIT])
    confirm = PasswordField("Repeat it",
                            validators=[DataRequired(), EqualTo("new_password", "The two passwords differ.")])
