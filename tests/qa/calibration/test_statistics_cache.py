"""The agreement cache: a fresh row is read back without computing, a stale fingerprint (a new counted score,
a rescore, another setting) computes again, and two writers of one key at once both succeed."""
import threading
import time
from datetime import timedelta

import pytest

from qa.calibration import statistics_cache
from qa.calibration.models import AgreementCache
from qa.calibration.side_by_side import session_statistics, side_by_side
from qa.calibration.statistics_cache import board_statistics, cached_payload, session_key, store_payload
from qa.extensions import db
from qa.reviews.services import rescore_evaluation
from tests.qa.calibration.session_builders import score_all, score_item, session_scene


@pytest.fixture
def counting(monkeypatch):
    """How many times the statistics were computed; `fail` makes the next computation raise."""
    calls = {"count": 0, "fail": False}

    def compute(board):
        if calls["fail"]:
            raise AssertionError("computed again although the cache was fresh")
        calls["count"] += 1
        return session_statistics(board)

    monkeypatch.setattr(statistics_cache, "session_statistics", compute)
    return calls


@pytest.fixture
def scene(app):
    """Three reviewers, five interactions; A and B scored everything, C nothing yet (scoring is open)."""
    scene = session_scene(reviewers=3, interactions=5)
    a, b, _ = scene.reviewers
    for index, greeting in enumerate(["yes", "no", "yes", "no", "yes"]):
        score_item(scene.session, a, index, {"greeting": greeting})
        score_item(scene.session, b, index)
    return scene


def board(scene):
    """The lead's board as if the deadline had just passed (the scores were all made before it)."""
    return side_by_side(scene.session, scene.lead, now=scene.session.deadline_at + timedelta(seconds=1))


def test_a_fresh_row_is_read_back_without_computing(scene, counting):
    first = board_statistics(board(scene))
    db.session.commit()
    assert counting["count"] == 1
    counting["fail"] = True
    again = board_statistics(board(scene))
    assert again == first
    row = db.session.get(AgreementCache, session_key(scene.session.id))
    assert len(row.fingerprint) == 64 and row.payload["bar"] == 0.667


def test_a_new_counted_score_makes_the_row_stale(scene, counting):
    before = board_statistics(board(scene))
    db.session.commit()
    score_item(scene.session, scene.reviewers[2], 1, {"greeting": "no"})
    after = board_statistics(board(scene))
    assert counting["count"] == 2
    def greeting(statistics):
        return next(row for row in statistics.criteria if row.criterion.key == "greeting").result

    assert greeting(after).n_pairs == greeting(before).n_pairs + 2


def test_a_rescore_makes_the_row_stale(scene, counting):
    board_statistics(board(scene))
    db.session.commit()
    evaluation = board(scene).evaluations[0]
    rescore_evaluation(evaluation.id, {"greeting": "no" if evaluation.answer_for("greeting").value == "yes" else "yes"},
                       scene.lead.id, "a test")
    db.session.commit()
    board_statistics(board(scene))
    assert counting["count"] == 2
    board_statistics(board(scene))
    assert counting["count"] == 2


def test_the_settings_are_part_of_the_fingerprint(scene, counting, app):
    board_statistics(board(scene))
    app.config["CALIBRATION_BOOTSTRAP"] = 50
    statistics = board_statistics(board(scene))
    assert counting["count"] == 2 and max(r.result.n_resamples for r in statistics.criteria) <= 50
    app.config["CALIBRATION_ALPHA_BAR"] = 0.5
    assert board_statistics(board(scene)).bar == 0.5 and counting["count"] == 3


def test_a_participant_s_partial_board_is_not_stored(app, counting):
    scene = session_scene(interactions=2)
    score_item(scene.session, scene.reviewers[0], 0)
    score_all(scene.session, scene.reviewers[1])
    late = scene.session.deadline_at + timedelta(seconds=1)
    partial = side_by_side(scene.session, scene.reviewers[0], now=late)  # A scored only the first interaction
    assert len(partial.items) == 1
    board_statistics(partial)
    assert db.session.get(AgreementCache, session_key(scene.session.id)) is None


def test_two_writers_of_one_key_at_once_both_succeed(app):
    """The second writer's upsert waits for the first's transaction and then replaces its row: no
    IntegrityError on either database (a plain INSERT would fail here)."""
    stored, errors = threading.Event(), []

    def write(payload, wait_before=None, hold=0.0):
        with app.app_context():
            try:
                if wait_before:
                    wait_before.wait(5)
                store_payload("test:race", "a" * 64, payload)
                stored.set()
                time.sleep(hold)
                db.session.commit()
            except Exception as error:  # reported by the assertion below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    first = threading.Thread(target=write, args=({"n": 1},), kwargs={"hold": 0.5})
    second = threading.Thread(target=write, args=({"n": 2}, stored))
    first.start(), second.start()
    first.join(10), second.join(10)
    assert errors == []
    db.session.expire_all()
    assert cached_payload("test:race", "a" * 64) == {"n": 2}
    assert db.session.scalar(db.select(db.func.count()).select_from(AgreementCache)) == 1
