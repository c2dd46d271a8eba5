"""The gold pool: each attempt draws `items_per_attempt` of the rule's gold interactions, those the reviewer
has seen least first, from a recorded seed; a pass on the draw certifies on the pool."""
import pytest

from qa.audit.models import AuditEntry
from qa.calibration import certification_pool
from qa.calibration.certification import (certification_evaluations, find_rule, is_certified,
                                          set_certification_rule, start_certification)
from qa.calibration.certification_pool import RetakeOutlook, draw_gold, drawn_gold_ids
from qa.calibration.models import Certification
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person

FAIL = [{"greeting": "no"}, {"greeting": "no"}]  # 20 points off on each interaction drawn


def _pool_of_four(per_attempt=2):
    gold = gold_set(answers=[{}, {}, {}, {}])
    require_certification(gold, per_attempt=per_attempt)
    return gold


def test_a_second_attempt_draws_the_two_unseen_and_a_third_the_longest_ago(app):
    gold = _pool_of_four()
    reviewer = make_person(Role.REVIEWER)
    first = take_certification(reviewer, gold.scorecard, FAIL, seed=11)
    assert first.status == "failed"
    assert first.result["gold_item_ids"] == sorted(gold.item_ids)  # the pool, as before
    assert isinstance(first.result["seed"], int) and len(first.result["items"]) == 2
    assert len(first.session.items) == len(certification_evaluations(first)) == 2
    seen_first = set(drawn_gold_ids(first))
    assert seen_first < set(gold.item_ids)
    # Each attempt item is the gold item's interaction, in the pool's order.
    gold_interaction = {item.id: item.interaction_id for item in gold.items}
    assert [i.interaction_id for i in first.session.items] == [
        gold_interaction[g] for g in gold.item_ids if g in seen_first]

    second = take_certification(reviewer, gold.scorecard, FAIL, seed=11)
    assert set(drawn_gold_ids(second)) == set(gold.item_ids) - seen_first

    for seed in range(8):  # all seen once: those seen longest ago, whatever the seed
        third = start_certification(reviewer.id, gold.scorecard.id, seed=seed)
        assert set(drawn_gold_ids(third)) == seen_first
        db.session.rollback()


def test_the_least_seen_come_first_whatever_the_seed(app):
    gold = gold_set(answers=[{}, {}, {}])
    require_certification(gold, per_attempt=2)
    reviewer = make_person(Role.REVIEWER)
    first = take_certification(reviewer, gold.scorecard, FAIL, seed=1)
    second = take_certification(reviewer, gold.scorecard, FAIL, seed=2)
    [never_before] = set(gold.item_ids) - set(drawn_gold_ids(first))
    assert never_before in drawn_gold_ids(second)
    counts = {g: drawn_gold_ids(first).count(g) + drawn_gold_ids(second).count(g) for g in gold.item_ids}
    assert sorted(counts.values()) == [1, 1, 2]
    for seed in range(5):
        third = start_certification(reviewer.id, gold.scorecard.id, seed=seed)
        assert set(drawn_gold_ids(third)) == {g for g, n in counts.items() if n == 1}
        db.session.rollback()


def test_equals_are_drawn_at_random_from_the_recorded_seed(app, monkeypatch):
    pool = [10, 20, 30, 40, 50, 60]
    draws = {tuple(draw_gold(pool, 3, [], seed)) for seed in range(20)}
    assert len(draws) > 1 and all(len(d) == 3 and list(d) == sorted(d) for d in draws)
    assert draw_gold(pool, 3, [], 5) == draw_gold(pool, 3, [], 5)

    gold = _pool_of_four()
    monkeypatch.setattr(certification_pool.secrets, "randbits", lambda bits: 4242)
    attempt = start_certification(make_person(Role.REVIEWER).id, gold.scorecard.id)
    assert attempt.result["seed"] == 4242
    assert drawn_gold_ids(attempt) == draw_gold(gold.item_ids, 2, [], 4242)  # the seed explains the draw
    started = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "certification.started"))
    assert started.after["seed"] == 4242 and started.after["drawn"] == drawn_gold_ids(attempt)
    assert "2 of 4 gold interaction(s)" in started.summary


def test_a_blank_draw_takes_every_gold_interaction_as_before(app):
    gold = gold_set(answers=[{}, {}, {}])
    require_certification(gold)
    assert find_rule(gold.scorecard.id).items_per_attempt is None
    reviewer = make_person(Role.REVIEWER)
    failed = take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {}, {}])
    assert drawn_gold_ids(failed) == gold.item_ids
    again = start_certification(reviewer.id, gold.scorecard.id)
    assert drawn_gold_ids(again) == gold.item_ids


def test_a_pass_on_the_draw_certifies_on_the_pool(app):
    gold = _pool_of_four()
    reviewer = make_person(Role.REVIEWER)
    passed = take_certification(reviewer, gold.scorecard)
    assert passed.status == "passed" and len(passed.result["interactions"]) == 2
    assert passed.result["compared"] == 8  # four applicable questions on each of the two drawn
    assert is_certified(reviewer.id, gold.scorecard.id)
    with pytest.raises(Refused, match="certified on .* already"):
        start_certification(reviewer.id, gold.scorecard.id)


def test_each_drawn_interaction_is_graded_against_its_own_gold(app):
    # Gold disagrees with PERFECT_ANSWERS on the greeting for the 2nd and 4th interaction only, so a draw of 3
    # holds at least one of each kind.
    gold = gold_set(answers=[{}, {"greeting": "no"}, {}, {"greeting": "no"}])
    require_certification(gold, per_attempt=3)
    strict_gold = {gold.item_ids[1], gold.item_ids[3]}
    attempt = take_certification(make_person(Role.REVIEWER), gold.scorecard, seed=3)
    rows = attempt.result["interactions"]
    assert [row["gold_item_id"] for row in rows] == drawn_gold_ids(attempt) and len(rows) == 3
    assert {row["gold_item_id"] in strict_gold for row in rows} == {True, False}
    for row in rows:
        strict = row["gold_item_id"] in strict_gold
        assert [c["key"] for c in row["criteria"]] == (["greeting"] if strict else [])
        assert (row["gold_total"], row["within"]) == ((80, False) if strict else (100, True))
    assert attempt.status == "failed"


def test_changing_the_draw_keeps_passes_and_attempts_and_is_audited(app):
    gold = _pool_of_four()
    certified, midway = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    take_certification(certified, gold.scorecard)
    attempt = take_certification(midway, gold.scorecard, submit=1)
    require_certification(gold, per_attempt=3)
    assert is_certified(certified.id, gold.scorecard.id)
    assert db.session.get(Certification, attempt.id).status == "in_progress"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "certification.rule_saved")
                              .order_by(AuditEntry.id.desc()))
    assert (entry.before["items_per_attempt"], entry.after["items_per_attempt"]) == (2, 3)
    assert "3 drawn per attempt" in entry.summary

    require_certification(gold, item_ids=gold.item_ids[:3], per_attempt=2)  # a new pool: everyone again
    assert not is_certified(certified.id, gold.scorecard.id)
    stopped = db.session.get(Certification, attempt.id)
    assert stopped.status == "failed" and "gold interactions changed" in stopped.result["stopped"]


@pytest.mark.parametrize("per_attempt, message", [
    (0, "between 1 and 4, the number of gold interactions chosen"),
    (5, "between 1 and 4, the number of gold interactions chosen"),
    (2.5, "a whole number, or blank"), ("2", "a whole number, or blank"), (True, "a whole number")])
def test_a_draw_outside_one_to_the_pool_size_is_refused(app, per_attempt, message):
    gold = gold_set(answers=[{}, {}, {}, {}])
    with pytest.raises(Refused, match=message):
        set_certification_rule(gold.scorecard.id, True, gold.item_ids, 10, 0.8, gold.lead.id,
                               items_per_attempt=per_attempt)
    db.session.rollback()
    assert find_rule(gold.scorecard.id) is None


def test_a_pool_cannot_shrink_below_the_draw_nor_a_draw_have_no_pool(app):
    gold = _pool_of_four(per_attempt=3)
    with pytest.raises(Refused, match="between 1 and 2"):
        require_certification(gold, item_ids=gold.item_ids[:2], per_attempt=3)
    db.session.rollback()
    assert find_rule(gold.scorecard.id).gold_item_ids == gold.item_ids
    with pytest.raises(Refused, match="Choose gold interactions before saying how many"):
        require_certification(gold, item_ids=[], required=False, per_attempt=1)


@pytest.mark.parametrize("outlook, message", [
    (RetakeOutlook(pool=6, draw=2, unseen=4), "4 of the 6 gold interactions are new to you; a retake draws 2 of them."),
    (RetakeOutlook(pool=6, draw=3, unseen=1), "1 of the 6 gold interactions is new to you; a retake draws them and "
                                              "2 you have seen, so it repeats interactions already shown"),
    (RetakeOutlook(pool=2, draw=2, unseen=0), "You have seen all 2 gold interactions: a retake repeats interactions "
                                              "already shown in earlier attempts."),
])
def test_the_retake_outlook_says_how_many_are_new_and_when_it_repeats(outlook, message):
    assert message in outlook.message and outlook.repeats == (outlook.unseen < outlook.draw)
