"""Admins edit the tag rules in the database, try them on text, export and import them, and re-tag."""
import io

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.support import post_form
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction, TagHit, TagRuleVersion
from transcription.tagging.rules import DEFAULT_RULES

TINY = '[[tag]]\nkey = "reason.refund"\nspeaker = "customer"\nphrases = ["money back"]\n'


def submit(admin, rules: str, action: str, **fields):
    return post_form(admin, "/admin/tag-rules/", {"rules": rules, "action": action, "speaker": "customer", **fields},
                     token_from="/admin/tag-rules/")


def test_the_default_rules_are_in_force_until_someone_saves(client_for):
    page = client_for(Role.ADMIN).get("/admin/tag-rules/").get_data(as_text=True)
    assert 'key = &#34;agent.greeting&#34;' in page or 'key = "agent.greeting"' in page
    assert "The default rules shipped with Callibrate are in force" in page


def test_try_rules_on_text_without_saving(client_for):
    admin = client_for(Role.ADMIN)
    response = submit(admin, TINY, "preview", sample="I just want my money back")
    assert response.status_code == 200
    assert "reason.refund" in response.get_data(as_text=True) and "money back" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(TagRuleVersion)) == 0


def test_an_invalid_pattern_is_refused_at_the_pattern_and_nothing_is_saved(client_for):
    admin = client_for(Role.ADMIN)
    bad = TINY + 'patterns = [[{NOT_AN_ATTRIBUTE = "x"}]]\n'
    response = submit(admin, bad, "save")
    assert response.status_code == 400 and "reason.refund, pattern 1" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(TagRuleVersion)) == 0


def test_a_rule_that_matches_almost_everything_is_warned_about(client_for):
    admin = client_for(Role.ADMIN)
    broad = '[[tag]]\nkey = "agent.empathy"\nphrases = ["the", "i", "a", "you", "is", "it", "."]\nnegatable = false\n'
    page = submit(admin, broad, "preview", sample="hello").get_data(as_text=True)
    assert "agent.empathy fires on" in page and "too broad" in page


def test_save_then_retag_every_interaction(client_for):
    admin = client_for(Role.ADMIN)
    [result] = import_file(b"Customer: I want my money back\n", "chat.txt", ImportOptions())
    db.session.commit()
    run_pending_jobs()
    assert db.session.scalar(db.select(TagHit).where(TagHit.key == "reason.refund")) is not None
    no_refunds = DEFAULT_RULES.read_text().replace('"money back", ', "").replace('"refund", ', "")
    assert submit(admin, no_refunds, "retag", note="stop counting money back").status_code == 302
    run_pending_jobs()
    db.session.expire_all()
    keys = {hit.key for hit in db.session.get(Interaction, result.interaction_id).tag_hits}
    assert "reason.refund" not in keys
    assert db.session.scalar(db.select(TagRuleVersion.note)) == "stop counting money back"


def test_export_and_import_round_trip(client_for):
    admin = client_for(Role.ADMIN)
    exported = admin.get("/admin/tag-rules/export")
    assert exported.status_code == 200 and exported.data == DEFAULT_RULES.read_bytes()
    response = post_form(admin, "/admin/tag-rules/import", {"file": (io.BytesIO(TINY.encode()), "rules.toml")},
                         token_from="/admin/tag-rules/", content_type="multipart/form-data")
    assert response.status_code == 302
    assert admin.get("/admin/tag-rules/export").data == TINY.encode()
    bad = post_form(admin, "/admin/tag-rules/import", {"file": (io.BytesIO(b"[[tag]\n"), "broken.toml")},
                    token_from="/admin/tag-rules/", content_type="multipart/form-data")
    assert bad.status_code == 400 and "not valid TOML" in bad.get_data(as_text=True)
