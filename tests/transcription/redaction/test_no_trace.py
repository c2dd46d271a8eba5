"""After importing conversations that hold card numbers, no trace of the digits is left anywhere."""
import json
import logging
from pathlib import Path

import pytest

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from qa.storage import storage_root
from tests.support import post_form
from transcription.export import interaction_document
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction
from transcription.queries import InteractionFilter
from transcription.search.service import search_interactions
from transcription.search.terms import parse_query

CONVERSATIONS = {
    "typed.txt": "Customer: my card is 4111 1111 1111 1111, exp 04/28\nAgent: thank you\n",
    "spoken.txt": "Customer: it's five five five five five five five five five five five five four four four four\n"
                  "Agent: and the security code?\nCustomer: nine one seven\n",
    "split.txt": "Customer: the card number is six oh one one\nAgent: mm-hmm\n"
                 "Customer: one one one one one one one one one one one seven\n",
    "thread.json": json.dumps({"source_id": "pii-json", "metadata": {"note": "card 3782 822463 10005 on file"},
                               "utterances": [{"speaker": "customer", "text": "amex 378282246310005 please"}]}),
}
TRACES = ["4111111111111111", "4111 1111 1111 1111", "5555555555554444", "five five five five five five",
          "six oh one one", "6011111111111117", "378282246310005", "3782 822463 10005", "nine one seven"]


def every_row_as_text() -> str:
    rows = []
    for table in db.metadata.sorted_tables:
        rows.extend(repr(tuple(row)) for row in db.session.execute(table.select()))
    return "\n".join(rows)


def assert_no_trace(text: str, where: str) -> None:
    for trace in TRACES:
        assert trace not in text, f"{trace!r} found in {where}"


@pytest.fixture
def imported(app, caplog):
    caplog.set_level(logging.DEBUG)
    ids = []
    for name, content in CONVERSATIONS.items():
        ids += [r.interaction_id for r in import_file(content.encode(), name, ImportOptions())]
    db.session.commit()
    run_pending_jobs()
    return ids


def test_no_trace_of_card_digits_in_rows_files_exports_or_logs(app, imported, caplog):
    interactions = [db.session.get(Interaction, i) for i in imported]
    assert all(i.status == "ready" for i in interactions), [i.error for i in interactions]
    assert_no_trace(every_row_as_text(), "the database rows")
    for path in storage_root().rglob("*"):
        if path.is_file():
            assert_no_trace(path.read_bytes().decode("utf-8", "replace"), f"stored file {path.name}")
    for interaction in interactions:
        assert_no_trace(json.dumps(interaction_document(interaction)), "the exported JSON")
    assert_no_trace(caplog.text, "the logs")
    texts = " ".join(u.text for i in interactions for u in i.utterances)
    assert texts.count("[CARD_NUMBER]") >= 4 and "[CARD_SECURITY_CODE]" in texts and "[CARD_EXPIRY]" in texts


def test_no_trace_in_the_sqlite_file_itself(app, imported):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("a file-level check for the embedded database")
    db.session.commit()
    database = Path(url.removeprefix("sqlite:///"))
    for path in (database, Path(f"{database}-wal")):
        if path.exists():
            assert_no_trace(path.read_bytes().decode("latin-1"), path.name)


def test_no_trace_in_the_pages(app, imported, client_for):
    from qa.roles import Role

    reviewer = client_for(Role.REVIEWER)
    for interaction_id in imported:
        assert_no_trace(reviewer.get(f"/interactions/{interaction_id}").get_data(as_text=True), "the page")
    assert_no_trace(reviewer.get("/interactions/").get_data(as_text=True), "the list")
    assert post_form is not None


def test_no_trace_in_the_search_index(app, imported, make_user):
    if db.session.get_bind().dialect.name == "sqlite":
        index = db.session.scalars(db.text("SELECT search_terms FROM utterance_search")).all()
    else:
        index = db.session.scalars(db.text("SELECT search_vector::text FROM utterances")).all()
    text = " ".join(index)
    assert "card" in text, "the index holds the conversations' words"
    assert_no_trace(text, "the search index")
    for digits in ("4111", "1111", "5555", "4444", "6011", "378282246310005", "917", "0428"):
        assert digits not in text, f"{digits} found in the search index"
    results = search_interactions(make_user(Role.REVIEWER), parse_query("4111"), InteractionFilter())
    assert results.hits == [] and results.total == 0
