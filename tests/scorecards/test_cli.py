"""`callibrate scorecards import / export / list` through Flask's CLI runner."""
from pathlib import Path

from qa.extensions import db
from scorecards import services
from tests.scorecards.definition_builders import worked_example

DEFAULT = Path(__file__).resolve().parents[2] / "scorecards" / "defaults" / "customer_care_specialist.toml"


def run(app, *args):
    return app.test_cli_runner().invoke(args=["scorecards", *map(str, args)])


def test_import_prints_the_scorecard_version_and_status_and_can_publish(app, tmp_path):
    result = run(app, "import", DEFAULT)
    assert result.exit_code == 0, result.stderr
    scorecard_id, name, number, status = result.stdout.strip().split("\t")
    assert (number, status) == ("v1", "draft")
    assert services.find_scorecard(int(scorecard_id)).name == name
    again = run(app, "import", DEFAULT, "--publish")  # the same name: its draft replaced, then published
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip().split("\t")[2:] == ["v1", "published"]
    third = run(app, "import", DEFAULT)                # a new draft of the published scorecard
    assert third.stdout.strip().split("\t")[2:] == ["v2", "draft"]


def test_export_then_import_round_trips(app, tmp_path):
    scorecard = services.create_scorecard("Phone quality", "Calls", worked_example(), None)
    services.publish_version(scorecard.versions[0].id, None)
    services.start_new_draft(scorecard.id, None)
    db.session.commit()
    printed = run(app, "export", "Phone quality")
    assert printed.exit_code == 0 and printed.stdout == services.export_scorecard_toml(scorecard.versions[0].id)
    by_id = run(app, "export", scorecard.id, "--version", 2, "-o", tmp_path / "v2.toml")
    assert by_id.exit_code == 0 and "Phone quality v2 (draft)" in by_id.stdout
    (tmp_path / "copy.toml").write_text(printed.stdout.replace('"Phone quality"', '"Phone copy"', 1))
    assert run(app, "import", tmp_path / "copy.toml").exit_code == 0
    copy = services.find_scorecard_by_name("Phone copy")
    assert copy.versions[0].definition == scorecard.versions[0].definition and copy.description == "Calls"


def test_a_bad_file_names_the_field_exits_2_and_stores_nothing(app, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(DEFAULT.read_text().replace("weight = ", "weight = -", 1))
    result = run(app, "import", bad, "--publish")
    assert result.exit_code == 2
    assert f"{bad}: section " in result.stderr and "› weight: must be a number greater than 0" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert services.list_scorecards() == []
    (tmp_path / "latin.toml").write_bytes('name = "Caf\u00e9"'.encode("latin-1"))
    assert run(app, "import", tmp_path / "latin.toml").exit_code == 2


def test_export_of_an_unknown_scorecard_or_version_says_so(app):
    services.create_scorecard("Chats", "", worked_example(), None)
    db.session.commit()
    assert "no scorecard called 'Nope'" in run(app, "export", "Nope").output
    missing = run(app, "export", "Chats", "--version", 9)
    assert missing.exit_code == 1 and "Chats has no version 9; it has v1." in missing.output


def test_list_shows_each_scorecards_versions_and_status(app):
    live = services.create_scorecard("Live", "", worked_example(), None)
    services.publish_version(live.versions[0].id, None)
    services.start_new_draft(live.id, None)
    old = services.create_scorecard("Old", "", worked_example(), None)
    services.publish_version(old.versions[0].id, None)
    services.retire_scorecard(old.id, None)
    db.session.commit()
    assert run(app, "list").stdout.splitlines() == [f"{live.id}\tLive\tv1\tv2\tin use", f"{old.id}\tOld\t-\t-\tretired"]
