"""Call metrics on hand-built timelines with known answers, plus properties that hold for any timeline."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcription.metrics import (MetricSettings, Span, TimedWord, compute_call_metrics, interval_overlaps,
                                   merge_spans)

KEYS = {
    "duration_seconds", "agent_talk_seconds", "customer_talk_seconds", "agent_talk_share",
    "customer_talk_share", "silence_seconds", "silence_share", "longest_silence_seconds", "holds",
    "hold_count", "hold_seconds", "overtalk_count", "overtalk_seconds", "longest_agent_monologue_seconds",
    "agent_words_per_minute", "customer_words_per_minute", "first_agent_response_seconds",
}


def spans(*pairs: tuple[float, float]) -> list[Span]:
    return [Span(start, end) for start, end in pairs]


def metrics(duration: float, agent=(), customer=(), words=None, **settings) -> dict:
    return compute_call_metrics(duration, {"agent": spans(*agent), "customer": spans(*customer)},
                                words or {}, MetricSettings(**settings))


# --- helpers -----------------------------------------------------------------------------------------

def test_merge_spans_sorts_joins_overlapping_and_touching_and_drops_empty():
    merged = merge_spans(spans((5, 8), (0, 3), (2, 4), (7, 9), (9, 10), (12, 12), (13, 14), (13.5, 13.8)))
    assert merged == spans((0, 4), (5, 10), (13, 14))


def test_merge_spans_of_nothing_is_nothing():
    assert merge_spans([]) == []


def test_interval_overlaps_finds_shared_time_but_not_touching():
    a = spans((0, 10), (20, 30))
    b = spans((5, 12), (12, 15), (18, 22), (30, 40), (25, 26))
    assert interval_overlaps(a, b) == spans((5, 10), (20, 22), (25, 26))
    assert interval_overlaps(a, []) == []


def test_a_span_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Span(5, 4)


# --- the hand-built call ---------------------------------------------------------------------------------

def test_call_with_a_hold_an_overtalk_and_a_back_channel():
    result = metrics(
        100,
        agent=[(0, 10), (12, 20), (50, 60), (62, 90)],
        # 9.7-10 overlaps by 0.3 s (a back-channel); 18.8-20 overlaps by 1.2 s (overtalk)
        customer=[(9.7, 11), (18.8, 20), (60, 62), (90, 95)],
    )
    assert set(result) == KEYS
    assert result["duration_seconds"] == 100
    assert result["agent_talk_seconds"] == 56
    assert result["customer_talk_seconds"] == 9.5
    assert result["agent_talk_share"] == 0.855  # 56 / 65.5
    assert result["customer_talk_share"] == 0.145
    assert result["silence_seconds"] == 36  # 11-12, 20-50, 95-100
    assert result["silence_share"] == 0.36
    assert result["longest_silence_seconds"] == 30
    assert result["holds"] == [{"start": 20, "end": 50}]
    assert result["hold_count"] == 1
    assert result["hold_seconds"] == 30
    assert result["overtalk_count"] == 1
    assert result["overtalk_seconds"] == 1.2
    assert result["first_agent_response_seconds"] == 0.0


def test_silence_before_the_first_or_after_the_last_speech_is_not_a_hold():
    result = metrics(100, agent=[(25, 50)], customer=[(50, 75)])
    assert result["silence_seconds"] == 50
    assert result["longest_silence_seconds"] == 25
    assert result["holds"] == [] and result["hold_count"] == 0 and result["hold_seconds"] == 0


def test_hold_must_be_longer_than_the_minimum_and_overtalk_at_least_its_minimum():
    exactly = metrics(100, agent=[(0, 10.7), (30.7, 40)], customer=[(10.2, 10.7)])
    assert exactly["hold_count"] == 0  # 20.0 s is not longer than 20 s
    assert exactly["overtalk_count"] == 1 and exactly["overtalk_seconds"] == 0.5
    longer = metrics(100, agent=[(0, 10), (30.01, 40)])
    assert longer["holds"] == [{"start": 10, "end": 30.01}]


def test_settings_change_the_thresholds():
    result = metrics(100, agent=[(0, 10), (20, 30)], customer=[(9.7, 10)],
                     hold_min_seconds=5, overtalk_min_seconds=0.2)
    assert result["hold_count"] == 1 and result["overtalk_count"] == 1


def test_negative_settings_are_refused():
    with pytest.raises(ValueError, match="hold_min_seconds"):
        MetricSettings(hold_min_seconds=-1)


# --- monologues ------------------------------------------------------------------------------------------

AGENT_WITH_SHORT_PAUSES = [(0, 5), (6, 10), (11.5, 15), (16, 20), (21, 30)]


def test_monologue_bridges_short_agent_pauses():
    assert metrics(40, agent=AGENT_WITH_SHORT_PAUSES)["longest_agent_monologue_seconds"] == 30


def test_customer_interjection_in_a_pause_ends_the_monologue():
    result = metrics(40, agent=AGENT_WITH_SHORT_PAUSES, customer=[(15.2, 15.8)])
    assert result["longest_agent_monologue_seconds"] == 15  # 0-15, then 16-30


def test_customer_speaking_over_the_agent_does_not_end_the_monologue():
    result = metrics(40, agent=AGENT_WITH_SHORT_PAUSES, customer=[(7, 8)])
    assert result["longest_agent_monologue_seconds"] == 30


def test_a_pause_as_long_as_the_maximum_ends_the_monologue():
    assert metrics(40, agent=[(0, 5), (7, 10)])["longest_agent_monologue_seconds"] == 5


# --- speech rate -----------------------------------------------------------------------------------------

def test_words_per_minute_over_voice_activity_time():
    agent_words = [TimedWord(i * 0.5, i * 0.5 + 0.4, "word") for i in range(60)]
    agent_words += [TimedWord(31, 31.2, " "), TimedWord(70, 70.5, "after the call")]  # neither counts
    customer_words = [TimedWord(40 + i, 40.5 + i, "hi") for i in range(10)]
    result = metrics(60, agent=[(0, 20), (25, 35)], customer=[(40, 55)],
                     words={"agent": agent_words, "customer": customer_words})
    assert result["agent_words_per_minute"] == 120  # 60 words in 30 s of speech
    assert result["customer_words_per_minute"] == 40  # 10 words in 15 s


def test_words_per_minute_is_none_when_talk_time_rounds_to_zero():
    # found by hypothesis: a 5e-324 s span once divided by zero
    result = metrics(10, agent=[(1, 1.001)], words={"agent": [TimedWord(1, 1.001, "uh")]})
    assert result["agent_talk_seconds"] == 0 and result["agent_words_per_minute"] is None


def test_words_per_minute_is_none_for_a_speaker_who_never_talks():
    result = metrics(60, customer=[(0, 30)], words={"customer": [TimedWord(1, 2, "hello")]})
    assert result["agent_words_per_minute"] is None
    assert result["customer_words_per_minute"] == 2


# --- first agent response --------------------------------------------------------------------------------

@pytest.mark.parametrize(("agent", "customer", "expected"), [
    ([(6.5, 10)], [(2, 5)], 4.5),  # customer first: waits from 2 to 6.5
    ([(1, 3)], [(4, 6)], 0.0),  # agent first
    ([(2, 3)], [(2, 6)], 0.0),  # both at once
    ([(1, 3)], [], 0.0),  # customer never speaks
    ([], [(1, 3)], None),  # agent never speaks
    ([(3, 4)], [(-3, 2)], 3.0),  # customer speech before the recording starts counts from 0
])
def test_first_agent_response(agent, customer, expected):
    assert metrics(20, agent=agent, customer=customer)["first_agent_response_seconds"] == expected


# --- edges -----------------------------------------------------------------------------------------------

def test_one_sided_call():
    result = compute_call_metrics(60, {"agent": spans((10, 40))}, {})
    assert result["agent_talk_share"] == 1.0 and result["customer_talk_share"] == 0.0
    assert result["customer_talk_seconds"] == 0 and result["customer_words_per_minute"] is None
    assert result["overtalk_count"] == 0 and result["overtalk_seconds"] == 0
    assert result["silence_seconds"] == 30 and result["first_agent_response_seconds"] == 0.0


def test_nobody_talks():
    result = compute_call_metrics(45, {}, {})
    assert set(result) == KEYS
    assert result["agent_talk_share"] is None and result["customer_talk_share"] is None
    assert result["silence_seconds"] == 45 and result["silence_share"] == 1.0
    assert result["longest_silence_seconds"] == 45 and result["holds"] == []
    assert result["longest_agent_monologue_seconds"] == 0
    assert result["first_agent_response_seconds"] is None


def test_unsorted_overlapping_and_out_of_range_spans():
    result = metrics(10, agent=[(5, 8), (0, 3), (2, 4), (7, 9), (-2, 1), (9.5, 15), (12, 14)])
    assert result["agent_talk_seconds"] == 8.5  # 0-4, 5-9, 9.5-10
    assert result["silence_seconds"] == 1.5


@pytest.mark.parametrize("duration", [0, -5, math.nan, math.inf])
def test_duration_must_be_positive(duration):
    with pytest.raises(ValueError, match="duration must be a positive number"):
        compute_call_metrics(duration, {}, {})


def test_unknown_speakers_are_refused_rather_than_counted_as_silence():
    with pytest.raises(ValueError, match="speaker_0"):
        compute_call_metrics(10, {"speaker_0": spans((0, 5))}, {})


# --- properties ------------------------------------------------------------------------------------------

span_lists = st.lists(
    st.builds(lambda start, length: Span(start, start + length),
              st.floats(-20, 140, allow_nan=False), st.floats(0, 40, allow_nan=False)),
    max_size=12)
word_lists = st.lists(
    st.builds(lambda start, length, text: TimedWord(start, start + length, text),
              st.floats(-20, 140, allow_nan=False), st.floats(0, 2, allow_nan=False),
              st.sampled_from(["ok", " "])),
    max_size=20)
durations = st.floats(0.01, 120, allow_nan=False)


def covered_seconds(spans_: list[Span], duration: float) -> float:
    """Union length by brute force: cut [0, duration] at every edge and test each piece's midpoint."""
    edges = sorted({0.0, duration} | {min(max(e, 0.0), duration) for s in spans_ for e in (s.start, s.end)})
    return sum(right - left for left, right in zip(edges, edges[1:])
               if any(s.start < (left + right) / 2 < s.end for s in spans_))


@given(durations, span_lists, span_lists, word_lists, word_lists)
def test_properties_of_any_timeline(duration, agent, customer, agent_words, customer_words):
    result = compute_call_metrics(duration, {"agent": agent, "customer": customer},
                                  {"agent": agent_words, "customer": customer_words})
    assert set(result) == KEYS

    if result["agent_talk_seconds"] + result["customer_talk_seconds"] > 0:
        assert result["agent_talk_share"] + result["customer_talk_share"] == pytest.approx(1, abs=2e-4)
    assert abs(result["silence_seconds"] + covered_seconds(agent + customer, duration) - duration) <= 0.011
    assert result["overtalk_seconds"] <= min(result["agent_talk_seconds"], result["customer_talk_seconds"])
    assert result["hold_seconds"] <= result["silence_seconds"]
    assert result["longest_agent_monologue_seconds"] <= result["duration_seconds"]

    numbers = [value for value in result.values() if isinstance(value, (int, float))]
    numbers += [edge for hold in result["holds"] for edge in hold.values()]
    assert all(value >= 0 and math.isfinite(value) for value in numbers)


@given(span_lists)
def test_merged_spans_are_sorted_disjoint_and_cover_the_same_time(spans_):
    merged = merge_spans(spans_)
    assert all(left.end < right.start for left, right in zip(merged, merged[1:]))
    assert merge_spans(merged) == merged
    assert covered_seconds(merged, 200) == pytest.approx(covered_seconds(spans_, 200))
