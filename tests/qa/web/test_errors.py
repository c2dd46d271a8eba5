from qa.access import public
from qa.accounts.models import Team
from qa.extensions import db


def test_an_unexpected_error_is_a_plain_500_and_saves_nothing(app_factory):
    app = app_factory()

    @public
    def explode():
        db.session.add(Team(name="half-written"))
        db.session.flush()
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", "explode", explode)
    response = app.test_client().get("/explode")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page and "secret internals" not in page and "Traceback" not in page
    with app.app_context():
        assert db.session.scalar(db.select(Team).where(Team.name == "half-written")) is None
