"""Demo interactions: a few original conversations, imported when `callibrate demo` runs."""
from __future__ import annotations

from pathlib import Path

from transcription.imports import ImportOptions, import_file

CONVERSATIONS = Path(__file__).parent / "demo_conversations"
# file → (agent e-mail, channel)
ASSIGNMENTS = {
    "order-status.txt": ("agent@example.com", "chat"),
    "billing-dispute.txt": ("jordan@example.com", "chat"),
    "return-request.eml": ("agent@example.com", "email"),
    "account-update.json": ("priya@example.com", None),
}


def load_demo_interactions(sender, teams: dict, users: dict) -> None:
    """Receiver of qa.demo's demo_loaded signal; importing is idempotent, so running it again adds nothing."""
    for name, (email, channel) in ASSIGNMENTS.items():
        agent = users.get(email)
        options = ImportOptions(agent_id=agent.id if agent else None,
                                team_id=agent.team_id if agent else None, channel=channel)
        import_file((CONVERSATIONS / name).read_bytes(), name, options)
