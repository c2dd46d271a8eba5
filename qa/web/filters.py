"""Jinja filters for times and marked text."""
from markupsafe import Markup, escape


def clock(seconds: float | None) -> str:
    """12.3 → '0:12'; 3725 → '1:02:05'."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float | None) -> str:
    return "—" if seconds is None else clock(seconds)


def marked(text: str, redactions, highlights=()) -> Markup:
    """Escape `text`; wrap each redaction [start, end, kind] and each search highlight [start, end] in
    <mark>. The user's text is never markup. The two never overlap: searches skip placeholders."""
    spans = sorted([(start, end, kind) for start, end, kind in redactions or []]
                   + [(start, end, None) for start, end in highlights or []])
    pieces, cursor = [], 0
    for start, end, kind in spans:
        pieces.append(escape(text[cursor:start]))
        if kind is None:
            pieces.append(Markup('<mark class="hit">{}</mark>').format(text[start:end]))
        else:
            pieces.append(Markup('<mark class="redacted" title="{}">{}</mark>').format(
                kind.replace("_", " "), text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)
