"""E-mail settings, declared to the shell so they are checked at start-up. No SMTP_HOST: no e-mail."""
from qa.settings import boolean, declare_settings, optional_text, positive_int, text

declare_settings({
    "SMTP_HOST": ("", optional_text),
    "SMTP_PORT": (587, positive_int),
    "SMTP_USERNAME": ("", optional_text),  # empty: the server is used without signing in
    "SMTP_PASSWORD": ("", optional_text),
    "SMTP_STARTTLS": (True, boolean),
    "MAIL_FROM": ("callibrate@localhost", text),
})
