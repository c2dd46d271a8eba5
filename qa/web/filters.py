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


def marked(text: str, spans) -> Markup:
    """Escape `text` and wrap each [start, end, kind] span in <mark>: the user's text is never markup."""
    pieces, cursor = [], 0
    for start, end, kind in sorted(spans or []):
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup('<mark class="redacted" title="{}">{}</mark>').format(
            kind.replace("_", " "), text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)
