"""Dispute settings are checked when the app starts, including the ones that depend on each other."""
import pytest

from qa.settings import SettingError


def test_defaults(app):
    assert (app.config["DISPUTE_WINDOW_DAYS"], app.config["DISPUTE_RESOLVER"]) == (7, "qa_lead")


@pytest.mark.parametrize("settings, message", [
    ({"DISPUTE_RESOLVER": "arbitrator"}, "DISPUTE_ARBITRATOR.*is required when DISPUTE_RESOLVER"),
    ({"DISPUTE_ARBITRATOR": "not-an-address"}, "must be the arbitrator's e-mail"),
    ({"DISPUTE_RESOLVER": "manager"}, "DISPUTE_RESOLVER.*must be one of reviewer, qa_lead, arbitrator"),
    ({"DISPUTE_WINDOW_DAYS": 0}, "DISPUTE_WINDOW_DAYS.*at least 1"),
])
def test_the_app_refuses_to_start_with_bad_dispute_settings(app_factory, settings, message):
    with pytest.raises(SettingError, match=message):
        app_factory(**settings)


def test_an_arbitrator_with_an_address_starts(app_factory):
    app = app_factory(DISPUTE_RESOLVER="arbitrator", DISPUTE_ARBITRATOR="arbiter@example.com")
    assert app.config["DISPUTE_ARBITRATOR"] == "arbiter@example.com"
