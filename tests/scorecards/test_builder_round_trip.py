"""Any valid definition survives the builder page: shown, then submitted unchanged without JavaScript, it is
saved as it was (texts trimmed of surrounding spaces and channels in the order of their checkboxes, which
the builder does on purpose)."""
import itertools

import pytest
from hypothesis import HealthCheck, given, settings

from qa.extensions import db
from qa.roles import Role
from scorecards import services
from scorecards.definition import CHANNELS, parse_definition
from scorecards.models import ScorecardVersion
from tests.scorecards.builder_page import builder_fields
from tests.scorecards.strategies import definitions

NAMES = itertools.count()


def trimmed(data: dict) -> dict:
    """The canonical definition with every free text stripped, as the builder posts it back."""
    data["channels"] = [channel for channel in CHANNELS if channel in data["channels"]]
    for section in data["sections"]:
        section["name"] = section["name"].strip()
        for criterion in section["criteria"]:
            criterion["question"], criterion["guidance"] = criterion["question"].strip(), criterion["guidance"].strip()
            criterion["channels"] = [channel for channel in CHANNELS if channel in criterion["channels"]]
            for option in criterion.get("options", []):
                option["label"] = option["label"].strip()
            if criterion.get("scale"):
                labels = criterion["scale"]["labels"]
                criterion["scale"]["labels"] = {point: text.strip() for point, text in labels.items()}
    return data


@pytest.fixture
def lead(client_for):
    """One signed-in QA lead for all the examples (hypothesis reuses a test's fixtures between them)."""
    return client_for(Role.QA_LEAD)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=definitions())
def test_any_definition_round_trips_through_the_builder_page(lead, data):
    scorecard = services.create_scorecard(f"Generated {next(NAMES)}", "", data, lead.user.id)
    db.session.commit()
    version = scorecard.versions[0]
    expected = trimmed(parse_definition(data).to_dict())
    url = f"/scorecards/versions/{version.id}/edit"
    response = lead.post(url, data=builder_fields(lead.get(url).get_data(as_text=True)))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert db.session.get(ScorecardVersion, version.id).definition == expected
