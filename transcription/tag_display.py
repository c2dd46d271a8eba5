"""Tag hits arranged for the interaction page: by category, in taxonomy order."""
from __future__ import annotations

CATEGORY_ORDER = {"reason": "Contact reason", "agent": "Agent", "customer": "Customer", "pii": "PII found"}


def group_tags(hits) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for hit in sorted(hits, key=lambda h: (h.utterance.position, h.start)):
        groups.setdefault(hit.key.split(".", 1)[0], []).append(hit)
    return [(CATEGORY_ORDER.get(name, name), groups[name])
            for name in [*CATEGORY_ORDER, *sorted(set(groups) - set(CATEGORY_ORDER))] if name in groups]
