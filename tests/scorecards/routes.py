"""The scorecard pages' routes for the access matrix (tests/qa/test_access_matrix.py).

Authors (QA leads, admins) use every page; reviewers may read the list, a scorecard and a published
version's preview. The target version is published, so reviewers may open it, and every edit route answers
an author with its reason (409), never a crash.
"""
from qa.extensions import db
from qa.roles import Role
from scorecards import services
from tests.scorecards.definition_builders import definition

AUTHORS = frozenset({Role.QA_LEAD, Role.ADMIN})
READERS = AUTHORS | {Role.REVIEWER}

EXPECTED = {
    "scorecards.index": READERS,
    "scorecards.show": READERS,
    "scorecards.preview": READERS,
    "scorecards.new_scorecard": AUTHORS,
    "scorecards.import_toml": AUTHORS,
    "scorecards.update_details": AUTHORS,
    "scorecards.edit_draft": AUTHORS,
    "scorecards.save_draft": AUTHORS,
    "scorecards.publish": AUTHORS,
    "scorecards.start_draft": AUTHORS,
    "scorecards.discard_draft": AUTHORS,
    "scorecards.retire_version": AUTHORS,
    "scorecards.retire_scorecard": AUTHORS,
    "scorecards.export": AUTHORS,
}


def targets(make_user) -> dict:
    author = make_user(Role.QA_LEAD, email="scorecard-author@test.example.com")
    scorecard = services.create_scorecard("Matrix scorecard", "", definition(), author.id)
    services.publish_version(scorecard.versions[0].id, author.id)
    db.session.flush()
    return {"scorecard_id": scorecard.id, "version_id": scorecard.versions[0].id}
