"""A revealed session's answers as CSV: one row per interaction × criterion × scorer (AutoQA included when it
took part), with the gold answer and whether the answer matches it.

The rows come from the side-by-side board, so the export shows exactly what the facilitator may see; they
are written as a generator, a piece per interaction, with formulas defused (qa.web.csv_stream).
"""
from __future__ import annotations

from collections.abc import Iterator

from qa.calibration.side_by_side import SideBySide
from qa.web.csv_stream import stream_csv

HEADER = ("session", "interaction", "criterion", "question", "participant", "answer", "gold", "matches_gold")


def answer_rows(board: SideBySide) -> Iterator[tuple]:
    for item in board.items:
        for row in item.rows:
            for scorer in board.scorers:
                answer = row.answers.get(scorer.key)
                matches = "" if row.gold is None or answer is None else ("yes" if answer == row.gold else "no")
                yield (board.session.title, item.item.interaction_id, row.criterion.key, row.criterion.question,
                       scorer.name, answer or "", row.gold or "", matches)


def answers_csv(board: SideBySide) -> Iterator[str]:
    """The CSV text in pieces: the header, then a piece per interaction."""
    per_item = max(1, len(board.scorers) * len(board.definition.criteria()))
    return stream_csv(HEADER, answer_rows(board), per_item)
