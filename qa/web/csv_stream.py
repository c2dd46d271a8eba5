"""CSV written as it is read, in pieces, with spreadsheet formulas defused.

Cells a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) are prefixed
with an apostrophe: names and titles are typed by people.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def stream_csv(header: Iterable, rows: Iterable[Iterable], rows_per_piece: int) -> Iterator[str]:
    """The header, then a piece of text every `rows_per_piece` rows, then the rest."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_defused(cell) for cell in row])
        if count % rows_per_piece == 0:
            yield _drain(buffer)
    if rest := _drain(buffer):
        yield rest


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _defused(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
