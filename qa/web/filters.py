"""Jinja filters for times."""


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
