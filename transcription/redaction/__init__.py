"""PII redaction before anything is stored: typed and spoken card numbers, codes, SSNs, phones, e-mail,
dates of birth, account numbers, names and addresses."""
from __future__ import annotations

from flask import current_app

from transcription.redaction.redactor import KINDS, PLACEHOLDERS, RedactedText, Redactor

__all__ = ["KINDS", "PLACEHOLDERS", "RedactedText", "Redactor", "configured_redactor", "redact_details"]


def configured_redactor() -> Redactor:
    from transcription.nlp import load_nlp

    config = current_app.config
    kinds = set(config["REDACT_TYPES"])
    nlp = load_nlp(config["NLP_MODEL"]) if kinds & {"person_name", "address"} else None
    return Redactor(kinds, config["ACCOUNT_NUMBER_PATTERNS"], nlp)


def redact_details(redactor: Redactor, details: dict) -> dict:
    """The source's metadata (an e-mail subject, a CRM note) can hold PII too."""
    return {key: redactor.redact_text(value).text if isinstance(value, str) else value
            for key, value in details.items()}
