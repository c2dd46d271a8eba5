"""Helpers shared by the tests: database lifecycle, CSRF-aware form posts, users per role."""
from __future__ import annotations

import os
import re
import uuid

import psycopg
from sqlalchemy.engine import make_url

from qa.roles import Role

PASSWORD = "correct-horse-battery"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEST_DATABASE_URL = os.environ.get("CALLIBRATE_TEST_DATABASE_URL")
TEST_QUEUE_URL = os.environ.get("CALLIBRATE_TEST_QUEUE_URL")


def create_postgres_database(server_url: str) -> str:
    """A fresh, empty database on the given server, so tests never touch the one named."""
    url = make_url(server_url)
    name = f"callibrate_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(database_url: str) -> None:
    url = make_url(database_url)
    with psycopg.connect(_libpq(url.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def fresh_database_url(tmp_dir) -> str:
    if TEST_DATABASE_URL:
        return create_postgres_database(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_dir}/callibrate.db"


def discard_database(url: str) -> None:
    if url.startswith("postgres"):
        drop_postgres_database(url)


def app_config(database_url: str, tmp_dir, queue_url: str | None = None, **extra) -> dict:
    config = {
        "INSTANCE_PATH": str(tmp_dir / "instance"),
        "DATABASE_URL": database_url,
        "QUEUE_URL": queue_url or f"sqlite:///{tmp_dir}/queue.db",
        "STORAGE_PATH": str(tmp_dir / "files"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "TESTING": True,
        # Cheap hashing keeps the suite fast; production cost is tested in test_passwords.
        "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1,
        "JOB_MODULES": ["tests.qa.jobs.sample_jobs"],
    }
    config.update(extra)
    return config


def csrf_token(client, path: str = "/") -> str:
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict | None = None, token_from: str = "/", **kwargs):
    form = {"csrf_token": csrf_token(client, token_from), **(data or {})}
    return client.post(path, data=form, **kwargs)


def login(client, email: str, password: str = PASSWORD):
    return post_form(client, "/login", {"email": email, "password": password}, token_from="/login")


def role_email(role: Role) -> str:
    return f"{role.value.replace('_', '-')}@test.example.com"
