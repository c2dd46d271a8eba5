from __future__ import annotations

import contextvars
import threading

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from qa import create_app
from qa.accounts import services as accounts
from qa.extensions import db
from qa.roles import Role
from training.memo import forget_all
from tests.support import (PASSWORD, TEST_QUEUE_URL, app_config, discard_database, fresh_database_url,
                           login, role_email)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One migrated database for the session; each test empties it afterwards."""
    tmp = tmp_path_factory.mktemp("database")
    url = fresh_database_url(tmp)
    app = create_app(app_config(url, tmp))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    discard_database(url)


def _empty_database() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


class IsolatedRequestClient(FlaskClient):
    """Runs each request in a fresh context, as a real server does.

    Without this, a request made while the test holds an app context reuses that context's `g`,
    which leaks per-request state (such as the CSRF token) from one request into the next.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app_factory(database_url, tmp_path):
    """Build apps on the test database; several per test share it (a web app and a worker's)."""
    apps = []

    def build(**extra):
        app = create_app(app_config(database_url, tmp_path, **extra))
        app.test_client_class = IsolatedRequestClient
        apps.append(app)
        return app

    yield build
    forget_all()  # results kept per process (training.memo) belong to this test's database
    if not apps:
        return  # the test expected the app to refuse its settings
    with apps[0].app_context():
        _empty_database()
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    def make(*roles: Role, email: str | None = None, password: str | None = PASSWORD, **fields):
        user = accounts.create_user(email or role_email(roles[0]), fields.pop("name", f"Test {roles[0].label}"),
                                    roles, password=password, **fields)
        db.session.commit()
        return user
    return make


@pytest.fixture
def client_for(app, make_user):
    """A test client signed in as a new user holding the given role."""
    def signed_in(role: Role):
        user = make_user(role)
        client = app.test_client()
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        client.user = user
        return client
    return signed_in


def queue_backends():
    return ["sqlite"] + (["redis"] if TEST_QUEUE_URL else [])


def pytest_generate_tests(metafunc):
    if "queue_backend" in metafunc.fixturenames:
        metafunc.parametrize("queue_backend", queue_backends())


@pytest.fixture
def backend_queue_url(queue_backend, tmp_path):
    return TEST_QUEUE_URL if queue_backend == "redis" else f"sqlite:///{tmp_path}/queue.db"


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()

