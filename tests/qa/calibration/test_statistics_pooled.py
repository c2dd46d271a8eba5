"""Agreement statistics without a session board (qa.calibration.statistics), their JSON round trip, and the
statistics pooled over a version's sessions in a period (qa.calibration.pooled): what is pooled and what not."""
import json
from datetime import timedelta

import krippendorff
import pytest

from qa.calibration.agreement import agreement, flagged, overall_agreement, uncertain
from qa.calibration.gold import record_gold
from qa.calibration.models import SessionKind
from qa.calibration.pooled import compute_pooled, pool_basis, report_from_payload, report_payload
from qa.calibration.ratings import Ratings
from qa.calibration.side_by_side import CriterionStatistics, SessionStatistics, session_statistics, side_by_side
from qa.calibration.statistics import agreement_statistics, statistics_from_payload, statistics_payload
from qa.calibration.statistics_cache import cached_payload, store_payload
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from tests.qa.calibration.pooled_builders import add_session, pool_scene
from tests.qa.calibration.session_builders import score_item, session_scene
from tests.qa.reviews.builders import PERFECT_ANSWERS
from tests.qa.reviews.review_scenes import AUTOQA_DEFINITION, good_chat

# Reviewer A and B's greeting over six interactions: 4 of 6 agree. Coincidences o_yn = o_ny = 2, n_yes = 8,
# n_no = 4, n = 12: nominal alpha = 1 − (n − 1)·o_yn / (n_yes·n_no) = 1 − 11·2 / 32 = 0.3125.
A_SAYS, B_SAYS = "yynnyy", "yynyyn"
SIX_ALPHA = 1 - 11 * 2 / (8 * 4)
WORD = {"y": "yes", "n": "no"}


def old_session_statistics(board) -> SessionStatistics:
    """session_statistics as it was before the refactor, kept here as the reference it must still equal."""
    from flask import current_app
    bar, resamples = current_app.config["CALIBRATION_ALPHA_BAR"], current_app.config["CALIBRATION_BOOTSTRAP"]
    rows, ratings_list = [], []
    for index, (_, criterion) in enumerate(board.definition.criteria()):
        ratings = Ratings.for_criterion(criterion, {
            item.item.id: {scorer: value for scorer, value in item.rows[index].answers.items() if value is not None}
            for item in board.items})
        ratings_list.append(ratings)
        result = agreement(ratings, bootstrap=resamples, seed=board.session.id)
        rows.append(CriterionStatistics(criterion, result, flagged(result, bar), uncertain(result, bar)))
    totals = {item.item.id: dict(item.totals) for item in board.items}
    return SessionStatistics(rows, overall_agreement(ratings_list, totals, bootstrap=resamples, seed=board.session.id),
                             bar)


def test_the_refactor_gives_the_numbers_it_gave_before(app):
    scene = session_scene(reviewers=3, interactions=6)
    a, b, c = scene.reviewers
    for index, (greeting, empathy, verified) in enumerate(zip("yynnyy", "554435", ["yes", "na", "no"] * 2)):
        score_item(scene.session, a, index, {"greeting": WORD[greeting], "empathy": empathy, "verified": verified})
        score_item(scene.session, b, index, {"greeting": WORD[B_SAYS[index]], "empathy": "5"})
        score_item(scene.session, c, index, {"process": ["full", "partial", "none"][index % 3]})
    board = side_by_side(scene.session, scene.lead)
    new, old = session_statistics(board), old_session_statistics(board)
    assert new == old
    assert any(row.result.alpha is not None for row in new.criteria)  # the comparison is of numbers, not of Nones
    assert new.overall.totals.alpha is not None and new.overall.totals.ci_low is not None


def test_the_refactor_keeps_autoqa_as_a_rater(app):
    scene = session_scene(reviewers=1, definition=AUTOQA_DEFINITION, include_autoqa=True,
                          chats=[lambda agent: good_chat(agent, "autoqa refactor")])
    score_item(scene.session, scene.reviewers[0], answers={"greeting": "no", "introduction": "yes",
                                                           "further_help": "yes", "courtesy": "4"})
    board = side_by_side(scene.session, scene.lead, now=scene.session.deadline_at + timedelta(seconds=1))
    assert session_statistics(board) == old_session_statistics(board)
    assert next(r for r in session_statistics(board).criteria if r.criterion.key == "greeting").result.n_pairs == 1


def test_agreement_statistics_needs_only_plain_data(app):
    scene = session_scene()
    definition = parse_definition(scene.session.version.definition)
    units = {f"i{n}": {"greeting": {"a": WORD[x], "b": WORD[y]}, "empathy": {"a": "5", "b": "5", "c": None}}
             for n, (x, y) in enumerate(zip(A_SAYS, B_SAYS))}
    totals = {unit: {"a": 80.0, "b": 100.0 if n % 2 else 80.0} for n, unit in enumerate(units)}
    statistics = agreement_statistics(definition, units, totals, seed=1, bootstrap=200)
    greeting = next(row for row in statistics.criteria if row.criterion.key == "greeting")
    assert greeting.result.alpha == pytest.approx(SIX_ALPHA) and greeting.flagged
    assert greeting.result.n_resamples <= 200
    assert next(row for row in statistics.criteria if row.criterion.key == "process").result.n_units == 0
    assert statistics.overall.n_units == 6


def test_statistics_round_trip_through_json_and_the_cache(app):
    scene = session_scene(reviewers=3, interactions=5)
    for index in range(5):
        for n, reviewer in enumerate(scene.reviewers):
            score_item(scene.session, reviewer, index, {"empathy": str(3 + (index + n) % 3)})
    board = side_by_side(scene.session, scene.lead)
    statistics = session_statistics(board)
    text = json.dumps(statistics_payload(statistics))
    assert statistics_from_payload(json.loads(text), board.definition) == statistics
    store_payload("test:round-trip", "f" * 64, statistics_payload(statistics))
    db.session.commit()
    db.session.expire_all()
    assert statistics_from_payload(cached_payload("test:round-trip", "f" * 64), board.definition) == statistics
    assert cached_payload("test:round-trip", "e" * 64) is None
    with pytest.raises(KeyError):  # stored for other criteria: the reader recomputes
        statistics_from_payload({**statistics_payload(statistics), "criteria": []}, board.definition)


def six_sessions(pool, **options):
    """Six one-interaction sessions: A and B's greetings as A_SAYS and B_SAYS, everything else perfect."""
    return [add_session(pool, [{"greeting": WORD[x]}, {"greeting": WORD[y]}], **options)
            for x, y in zip(A_SAYS, B_SAYS)]


def greeting_of(statistics):
    return next(row for row in statistics.criteria if row.criterion.key == "greeting").result


def period(pool):
    days = [s.deadline_at.date() for s in pool.sessions]
    return min(days), max(days)


def test_six_one_interaction_sessions_pooled_give_the_hand_computed_alpha(app):
    pool = pool_scene()
    six_sessions(pool)
    basis = pool_basis(pool.scorecard.versions[0], *period(pool))
    assert (len(basis.sessions), basis.n_interactions, basis.reviewer_ids, basis.withheld) == (
        6, 6, sorted(r.id for r in pool.reviewers), 0)
    greeting = greeting_of(compute_pooled(basis).statistics)
    assert greeting.alpha == pytest.approx(SIX_ALPHA) and greeting.percent_agreement == pytest.approx(100 * 4 / 6)
    package = krippendorff.alpha(reliability_data=[[int(x == "y") for x in A_SAYS], [int(y == "y") for y in B_SAYS]],
                                 level_of_measurement="nominal")
    assert greeting.alpha == pytest.approx(package)
    # Each session alone is one interaction: "too few", never a number.
    alone = session_statistics(side_by_side(pool.sessions[0], pool.lead))
    assert greeting_of(alone).alpha is None and "Only 1 interaction was scored" in greeting_of(alone).reason


def test_the_same_interaction_in_two_sessions_is_two_units(app):
    pool = pool_scene()
    sessions = six_sessions(pool)
    together = add_session(pool, [None, None], interaction_ids=[s.items[0].interaction_id for s in sessions])
    for index, (x, y) in enumerate(zip(A_SAYS, B_SAYS)):
        score_item(together, pool.reviewers[0], index, {"greeting": WORD[x]})
        score_item(together, pool.reviewers[1], index, {"greeting": WORD[y]})
    # The six interactions in one session: the same alpha as the six sessions pooled.
    assert greeting_of(session_statistics(side_by_side(together, pool.lead))).alpha == pytest.approx(SIX_ALPHA)
    basis = pool_basis(pool.scorecard.versions[0], *period(pool))
    assert (len(basis.sessions), basis.n_interactions) == (7, 12)
    greeting = greeting_of(compute_pooled(basis).statistics)
    # Every unit twice: o_yn = 4, n_yes = 16, n_no = 8, n = 24: 1 − 23·4 / 128.
    assert greeting.n_units == 12 and greeting.alpha == pytest.approx(1 - 23 * 4 / 128)


def test_certification_attempts_and_late_scores_are_not_pooled(app, monkeypatch):
    pool = pool_scene(reviewers=3)
    a, b, c = pool.reviewers
    six_sessions(pool, reviewers=[a, b])
    # A certification attempt on the same version: A alone, saying no to the greeting. Not pooled.
    add_session(pool, [{"greeting": "no"}], kind=SessionKind.CERTIFICATION.value, reviewers=[a])
    # A seventh session where A and B agree and C's "no" comes after the deadline: only A and B count.
    late = add_session(pool, [{}, {}, None], reviewers=[a, b, c], deadline=utcnow() + timedelta(days=1))
    draft = score_item(late, c, 0, {"greeting": "no"}, submit=False)
    from qa.reviews import services as reviews
    monkeypatch.setattr(reviews, "utcnow", lambda: late.deadline_at + timedelta(minutes=5))
    reviews.submit_evaluation(draft.id, c.id)
    db.session.commit()
    monkeypatch.undo()
    basis = pool_basis(pool.scorecard.versions[0], *period(pool), now=late.deadline_at + timedelta(hours=1))
    assert len(basis.sessions) == 7 and c.id not in basis.reviewer_ids
    greeting = greeting_of(compute_pooled(basis).statistics)
    # Seven units, the seventh yes/yes: o_yn = 2, n_yes = 10, n_no = 4, n = 14: 1 − 13·2 / 40.
    assert greeting.alpha == pytest.approx(1 - 13 * 2 / 40) and greeting.n_units == 7


def test_sessions_still_blind_are_left_out_and_counted(app):
    pool = pool_scene()
    six_sessions(pool)
    blind = add_session(pool, [{"greeting": "no"}, None])   # B has not scored and the deadline is ahead
    basis = pool_basis(pool.scorecard.versions[0], *period(pool))
    assert blind not in basis.sessions and basis.withheld == 1 and len(basis.sessions) == 6
    assert greeting_of(compute_pooled(basis).statistics).alpha == pytest.approx(SIX_ALPHA)


def test_the_period_is_of_deadlines_both_days_included(app):
    pool = pool_scene()
    start = (utcnow() + timedelta(days=1)).replace(hour=23, minute=30)
    for day in range(6):
        add_session(pool, [{"greeting": WORD[A_SAYS[day]]}, {"greeting": WORD[B_SAYS[day]]}],
                    deadline=start + timedelta(days=day))
    version, first = pool.scorecard.versions[0], start.date()
    assert len(pool_basis(version, first, first + timedelta(days=5)).sessions) == 6
    middle = pool_basis(version, first + timedelta(days=1), first + timedelta(days=3))
    assert [s.deadline_at.date() for s in middle.sessions] == [first + timedelta(days=n) for n in (1, 2, 3)]
    assert pool_basis(version, first - timedelta(days=30), first - timedelta(days=1)).sessions == []
    # Three one-interaction sessions are too few, whatever is pooled: the sentence, never a number.
    greeting = greeting_of(compute_pooled(middle).statistics)
    assert greeting.alpha is None and greeting.reason.startswith("Only 3 interactions were scored")
    other = pool_scene()
    add_session(other, [{}, {}], deadline=start)
    assert len(pool_basis(version, first, first).sessions) == 1  # another scorecard's session is not this version's


def test_mean_deviation_from_gold_over_the_pooled_interactions(app):
    pool = pool_scene()
    a, b = pool.reviewers
    first = add_session(pool, [{"greeting": "no"}, {}])          # A: −20 against gold
    second = add_session(pool, [{"empathy": "4"}, {"empathy": "4"}])  # both −5 against gold
    add_session(pool, [{"greeting": "no"}, {}])                  # no gold: not in the deviations
    for session in (first, second):
        record_gold(session.id, session.items[0].id, {k: (v, "") for k, v in PERFECT_ANSWERS.items()}, pool.lead.id)
    db.session.commit()
    report = compute_pooled(pool_basis(pool.scorecard.versions[0], *period(pool)))
    assert report.deviations[a.id][0] == pytest.approx(-12.5) and report.deviations[a.id][1:] == ("strict", 2)
    assert report.deviations[b.id][0] == pytest.approx(-2.5) and report.deviations[b.id][2] == 2
    again = report_from_payload(json.loads(json.dumps(report_payload(report))),
                                parse_definition(pool.scorecard.versions[0].definition))
    assert again == report


def board_definition_of(pool):
    from scorecards.definition import parse_definition
    return parse_definition(pool.scorecard.versions[0].definition)
