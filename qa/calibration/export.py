"""A revealed session's answers as CSV: one row per interaction × criterion × scorer (AutoQA included when it
took part), with the gold answer and whether the answer matches it.

The rows come from the side-by-side board, so the export shows exactly what the facilitator may see; they
are written as a generator, a piece per interaction. Cells a spreadsheet would run as a formula (=, +, -,
@ first) are prefixed with an apostrophe: titles and names are typed by people.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from qa.calibration.side_by_side import SideBySide

HEADER = ("session", "interaction", "criterion", "question", "participant", "answer", "gold", "matches_gold")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def answer_rows(board: SideBySide) -> Iterator[tuple]:
    for item in board.items:
        for row in item.rows:
            for scorer in board.scorers:
                answer = row.answers.get(scorer.key)
                matches = "" if row.gold is None or answer is None else ("yes" if answer == row.gold else "no")
                yield (board.session.title, item.item.interaction_id, row.criterion.key, row.criterion.question,
                       scorer.name, answer or "", row.gold or "", matches)


def answers_csv(board: SideBySide) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    per_item = max(1, len(board.scorers) * len(board.definition.criteria()))
    for count, row in enumerate(answer_rows(board), start=1):
        writer.writerow([_safe(cell) for cell in row])
        if count % per_item == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _safe(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
