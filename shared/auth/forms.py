"""Sign-in, second-factor, password and invitation forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from shared.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField("Email address", widget=GovTextInput(),
                        validators=[InputRequired("Enter your email address"), Length(max=254)])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[InputRequired("Enter your password"),
                                         Length(max=MAX_LENGTH)])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    """A six-digit code from an authenticator app."""

    code = StringField("Code from your authenticator app", widget=GovTextInput(),
                       validators=[InputRequired("Enter the 6-digit code"), Length(max=10)])
    submit = SubmitField("Continue", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    """Choose a password (invitation)."""

    new_password = PasswordField("New password", widget=GovPasswordInput(),
                                 validators=[InputRequired("Enter a new password")])
    confirm = PasswordField("Confirm new password", widget=GovPasswordInput(),
                            validators=[EqualTo("new_password", "The passwords do not match")])
    submit = SubmitField("Save password", widget=GovSubmitInput())


class ChangePasswordForm(NewPasswordForm):
    """Change a password, re-entering the current one first."""

    current_password = PasswordField("Current password", widget=GovPasswordInput(),
                                     validators=[InputRequired("Enter your current password"),
                                                 Length(max=MAX_LENGTH)])


class ConfirmForm(FlaskForm):
    """A bare form carrying only the CSRF token (logout and other single buttons)."""
