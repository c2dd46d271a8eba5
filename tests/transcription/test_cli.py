"""`callibrate import / export interaction / interactions retry` through Flask's CLI runner."""
import json
from pathlib import Path

from qa.accounts import services as accounts
from qa.extensions import db
from qa.roles import Role
from tests.transcription.recordings import STEREO_CALL
from transcription.models import Interaction

TWEETSUMM = Path(__file__).resolve().parents[3] / "shared" / "data" / "chats" / "tweetsumm.jsonl"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_import_prints_one_line_per_interaction_and_fails_loudly(app, tmp_path):
    (tmp_path / "chat.txt").write_text("Agent: Hello\nCustomer: Hi\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    result = run(app, "import", str(tmp_path / "chat.txt"), str(tmp_path / "bad.txt"), "--channel", "social")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    interaction_id, status, source = line.split("\t")
    assert (status, source) == ("received", "chat.txt")
    assert "bad.txt:" in result.stderr and "binary" in result.stderr
    assert db.session.get(Interaction, int(interaction_id)).channel == "social"


def test_import_wait_processes_without_a_worker_and_export_matches(app, make_user):
    agent = make_user(Role.AGENT, email="caller.agent@test.example.com")
    result = run(app, "import", str(STEREO_CALL), "--agent", agent.email, "--wait")
    assert result.exit_code == 0, result.stderr
    interaction_id, status, _ = result.stdout.strip().split("\t")
    assert status == "ready"
    exported = json.loads(run(app, "export", "interaction", interaction_id).stdout)
    assert exported["agent"]["email"] == agent.email and exported["status"] == "ready"
    assert {u["speaker"] for u in exported["utterances"]} == {"agent", "customer"}
    assert exported["metrics"]["agent_talk_share"] > 0.5
    assert {"start", "end", "word", "probability"} <= set(exported["utterances"][0]["words"][0])


def test_import_with_a_manifest_sets_each_files_fields(app, make_user, tmp_path):
    make_user(Role.AGENT, email="m.agent@test.example.com")
    accounts.create_team("Manifest Team")
    db.session.commit()
    (tmp_path / "one.txt").write_text("Agent: One\n")
    (tmp_path / "manifest.csv").write_text(
        "file,agent,team,channel,source_id,started_at,queue\n"
        "one.txt,m.agent@test.example.com,Manifest Team,chat,ticket-9,2026-11-01T09:30:00,billing\n")
    result = run(app, "import", "--manifest", str(tmp_path / "manifest.csv"))
    assert result.exit_code == 0, result.stderr
    interaction = db.session.scalar(db.select(Interaction).where(Interaction.source_id == "ticket-9"))
    assert interaction.agent.email == "m.agent@test.example.com" and interaction.team.name == "Manifest Team"
    assert interaction.details == {"queue": "billing"} and interaction.started_at.hour == 9


def test_unknown_agent_is_a_usage_error(app, tmp_path):
    (tmp_path / "chat.txt").write_text("Agent: Hello\n")
    result = run(app, "import", str(tmp_path / "chat.txt"), "--agent", "nobody@test.example.com")
    assert result.exit_code == 2 and "No user with e-mail" in result.stderr


def test_real_twitter_support_conversations_import_through_the_cli(app, tmp_path):
    lines = TWEETSUMM.read_text().splitlines()[:40]
    folder = tmp_path / "tweetsumm"
    folder.mkdir()
    for number, line in enumerate(lines):
        (folder / f"conv{number:02d}.txt").write_text(json.loads(line)["raw_text"])
    result = run(app, "import", str(folder), "--channel", "social", "--wait")
    assert result.exit_code == 0, result.stderr
    assert [row.split("\t")[1] for row in result.stdout.splitlines()] == ["ready"] * 40
    first = json.loads(lines[0])
    interaction = db.session.scalar(db.select(Interaction).order_by(Interaction.id))
    assert [u.speaker for u in interaction.utterances] == [t["speaker"].lower() for t in first["turns"]]


def test_retry_refuses_an_interaction_that_has_not_failed(app, tmp_path):
    (tmp_path / "chat.txt").write_text("Agent: Hello\n")
    interaction_id = run(app, "import", str(tmp_path / "chat.txt")).stdout.split("\t")[0]
    result = run(app, "interactions", "retry", interaction_id)
    assert result.exit_code == 1 and "only failed interactions" in result.stderr


def test_the_demo_brings_interactions_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    interactions = db.session.scalars(db.select(Interaction)).all()
    # The four demo conversations, and five chats of Jordan's the coaching demo adds for its proposal.
    assert len(interactions) == 9 and all(i.agent is not None for i in interactions)
    assert {i.channel for i in interactions} == {"chat", "email", "social"}
