"""Per-channel segments → one conversation timeline, ordered by time, with overlaps marked."""
from __future__ import annotations

# A speaker's segments closer than this are one turn (Whisper splits long turns into segments).
SAME_TURN_GAP_SECONDS = 1.0


def build_timeline(segments_by_speaker: dict[str, list[dict]]) -> list[dict]:
    items = sorted(({**segment, "speaker": speaker} for speaker, segments in segments_by_speaker.items()
                    for segment in segments), key=lambda item: (item["start"], item["end"]))
    turns: list[dict] = []
    for item in items:
        previous = turns[-1] if turns else None
        if previous and previous["speaker"] == item["speaker"] \
                and item["start"] - previous["end"] <= SAME_TURN_GAP_SECONDS:
            _extend(previous, item)
        else:
            turns.append({**item, "words": list(item["words"])})
    _mark_overlaps(turns)
    return turns


def _extend(turn: dict, item: dict) -> None:
    turn["text"] = f"{turn['text']} {item['text']}"
    turn["end"] = max(turn["end"], item["end"])
    turn["words"].extend(item["words"])
    probabilities = [word[3] for word in turn["words"]]
    turn["confidence"] = round(sum(probabilities) / len(probabilities), 4) if probabilities else None


def _mark_overlaps(turns: list[dict]) -> None:
    """A turn overlaps when the other side was speaking during it (measured on word times)."""
    for turn in turns:
        turn["overlaps"] = False
    for index, turn in enumerate(turns):
        for other in turns[index + 1:]:
            if other["start"] >= turn["end"]:
                break
            if other["speaker"] != turn["speaker"]:
                turn["overlaps"] = other["overlaps"] = True
