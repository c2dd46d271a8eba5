"""Cohen's kappa for AutoQA against reviewers: a published example, hand-computed ones, and properties."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.calibration.kappa import kappa

YES_NO = ("yes", "no")


def table(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> list[tuple[str, str]]:
    """Pairs (AutoQA, reviewer) from a 2×2 table: rows AutoQA yes/no, columns reviewer yes/no."""
    return ([("yes", "yes")] * yes_yes + [("yes", "no")] * yes_no + [("no", "yes")] * no_yes
            + [("no", "no")] * no_no)


def test_the_classic_fifty_proposals():
    # 50 grant proposals, two readers: 20 both yes, 15 both no, 5 and 10 split. The textbook answer:
    # observed (20 + 15)/50 = 0.7; reader A says yes 50 %, reader B 60 %, so expected 0.5·0.6 + 0.5·0.4 = 0.5;
    # kappa (0.7 − 0.5)/(1 − 0.5) = 0.4.
    result = kappa(table(20, 5, 10, 15), YES_NO)
    assert result.n == 50
    assert (result.observed, result.expected, result.kappa) == (pytest.approx(0.7), pytest.approx(0.5),
                                                                pytest.approx(0.4))
    assert result.confusion == {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    assert result.reason is None


@pytest.mark.parametrize("cells, expected, value", [
    # Both agree on 60 of 100, but the marginals differ: 0.6·0.7 + 0.4·0.3 = 0.54, (0.6 − 0.54)/0.46.
    ((45, 15, 25, 15), 0.54, 0.06 / 0.46),
    # 0.6·0.3 + 0.4·0.7 = 0.46, (0.6 − 0.46)/0.54: the same observed agreement, a higher kappa.
    ((25, 35, 5, 35), 0.46, 0.14 / 0.54),
])
def test_the_same_observed_agreement_can_mean_different_kappas(cells, expected, value):
    result = kappa(table(*cells), YES_NO)
    assert result.observed == pytest.approx(0.6) and result.expected == pytest.approx(expected)
    assert result.kappa == pytest.approx(value)


def test_three_categories_by_hand():
    pairs = ([("yes", "yes")] * 10 + [("yes", "no")] * 2 + [("yes", "na")] * 1
             + [("no", "yes")] * 1 + [("no", "no")] * 4
             + [("na", "na")] * 2)
    result = kappa(pairs, ("yes", "no", "na"))
    # n = 20; observed 16/20. AutoQA: yes 13, no 5, na 2; reviewers: yes 11, no 6, na 3.
    # expected (13·11 + 5·6 + 2·3)/400 = 179/400; kappa (320 − 179)/(400 − 179) = 141/221.
    assert result.observed == pytest.approx(0.8) and result.expected == pytest.approx(179 / 400)
    assert result.kappa == pytest.approx(141 / 221)
    assert result.confusion[("yes", "na")] == 1 and result.confusion[("na", "yes")] == 0
    assert sum(result.confusion.values()) == 20 and len(result.confusion) == 9


def test_a_perfect_autoqa():
    assert kappa(table(12, 0, 0, 8), YES_NO).kappa == pytest.approx(1.0)


def test_a_chance_level_autoqa():
    # AutoQA says yes to half of everything, whatever the reviewer said (reviewers say yes 60 %).
    result = kappa(table(30, 20, 30, 20), YES_NO)
    assert result.observed == pytest.approx(0.5) and result.kappa == pytest.approx(0.0)


def test_an_autoqa_that_always_says_yes_agrees_often_but_kappa_is_zero():
    result = kappa(table(18, 2, 0, 0), YES_NO)
    assert result.observed == pytest.approx(0.9) and result.kappa == pytest.approx(0.0)


def test_an_autoqa_that_always_disagrees():
    assert kappa(table(0, 10, 10, 0), YES_NO).kappa == pytest.approx(-1.0)


def test_too_few_items_give_a_reason_and_still_the_counts():
    result = kappa(table(5, 1, 1, 2), YES_NO)
    assert result.n == 9 and (result.observed, result.expected, result.kappa) == (None, None, None)
    assert result.reason.startswith("Only 9 items have both an AutoQA answer and a reviewer's")
    assert result.confusion[("yes", "yes")] == 5
    assert kappa(table(5, 1, 1, 2), YES_NO, minimum_items=5).kappa is not None


def test_one_answer_everywhere_makes_kappa_undefined():
    result = kappa(table(12, 0, 0, 0), YES_NO)
    assert result.kappa is None and (result.observed, result.expected) == (1.0, 1.0)
    assert 'answered "yes" on all 12 items; kappa is undefined' in result.reason


def test_answers_outside_the_categories_are_refused():
    with pytest.raises(ValueError, match="is not a pair of yes, no"):
        kappa([("yes", "na")] * 10, YES_NO)


answer = st.sampled_from(("yes", "no", "na"))


@given(st.lists(st.tuples(answer, answer), min_size=10, max_size=60))
def test_kappa_is_symmetric_in_the_two_raters(pairs):
    forward = kappa(pairs, ("yes", "no", "na"))
    backward = kappa([(human, autoqa) for autoqa, human in pairs], ("yes", "no", "na"))
    assert forward.reason == backward.reason
    assert forward.kappa == backward.kappa or forward.kappa == pytest.approx(backward.kappa)
    assert all(forward.confusion[a, h] == backward.confusion[h, a] for a, h in forward.confusion)


@given(st.lists(st.tuples(answer, answer), min_size=10, max_size=60))
def test_kappa_is_at_most_one_and_one_only_when_every_item_matches(pairs):
    result = kappa(pairs, ("yes", "no", "na"))
    if result.kappa is not None:
        assert -1 - 1e-12 <= result.kappa <= 1 + 1e-12
        assert (result.kappa == pytest.approx(1.0)) == all(a == h for a, h in pairs)


def test_pairs_read_back_from_json_as_lists_count_the_same():
    assert kappa([list(pair) for pair in table(20, 5, 10, 15)], YES_NO).kappa == pytest.approx(0.4)
