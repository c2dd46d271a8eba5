"""URL converters shared by every route."""
from werkzeug.routing import IntegerConverter

# The databases' integer columns hold 32 bits on PostgreSQL; a larger id names nothing.
LARGEST_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` that only matches numbers a row id can have, so a huge one is a 404, never a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)
