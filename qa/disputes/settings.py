"""Dispute settings, declared to the shell so they are checked at start-up.

DISPUTE_WINDOW_DAYS: how long after submission the agent may dispute an evaluation.
DISPUTE_RESOLVER: who decides a dispute: "reviewer" (whoever scored it), "qa_lead" (the least busy
QA lead) or "arbitrator" (the user whose e-mail is DISPUTE_ARBITRATOR).
"""
from __future__ import annotations

import re

from qa.settings import SettingError, declare_settings, one_of, optional_text, positive_int

RESOLVER_CHOICES = ("reviewer", "qa_lead", "arbitrator")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

declare_settings({
    "DISPUTE_WINDOW_DAYS": (7, positive_int),
    "DISPUTE_RESOLVER": ("qa_lead", one_of(*RESOLVER_CHOICES)),
    "DISPUTE_ARBITRATOR": ("", optional_text),
})


def check_dispute_settings(config) -> None:
    """The settings that depend on each other: an arbitrator resolver needs the arbitrator's e-mail.

    Whether a user has that e-mail can only be known once the database is up; open_dispute checks it."""
    arbitrator = (config["DISPUTE_ARBITRATOR"] or "").strip()
    if arbitrator and not _EMAIL.match(arbitrator):
        raise SettingError("DISPUTE_ARBITRATOR", f"must be the arbitrator's e-mail address, not {arbitrator!r}")
    if config["DISPUTE_RESOLVER"] == "arbitrator" and not arbitrator:
        raise SettingError("DISPUTE_ARBITRATOR", 'is required when DISPUTE_RESOLVER is "arbitrator": '
                                                 "set it to the e-mail of the user who resolves disputes")
