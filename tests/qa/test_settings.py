"""Settings precedence (defaults → config.toml → instance/config.toml → env → test) and bad values."""
import os
import stat
import tomllib

import pytest

from qa import create_app, settings
from qa.settings import SettingError, layered_settings


@pytest.fixture
def layers(tmp_path, monkeypatch):
    """A project root with its own config.toml and an instance folder, isolated from the real ones."""
    root = tmp_path / "project"
    instance = tmp_path / "instance"
    root.mkdir()
    instance.mkdir()
    monkeypatch.setattr(settings, "PROJECT_ROOT", root)
    for key in [k for k in os.environ if k.startswith("CALLIBRATE_")]:
        monkeypatch.delenv(key)
    return root, instance


def test_each_layer_overrides_the_one_before(layers, monkeypatch):
    root, instance = layers
    (root / "config.toml").write_text('SITE_NAME = "committed"\nMAX_UPLOAD_MB = 10\nWORKER_THREADS = 3\n'
                                      'SESSION_HOURS = 4\n')
    (instance / "config.toml").write_text('MAX_UPLOAD_MB = 20\nWORKER_THREADS = 5\nSESSION_HOURS = 6\n')
    monkeypatch.setenv("CALLIBRATE_WORKER_THREADS", "7")
    monkeypatch.setenv("CALLIBRATE_SESSION_HOURS", "8")
    merged = layered_settings(instance, os.environ, {"SESSION_HOURS": 9})
    assert merged["JOB_MAX_ATTEMPTS"] == 3        # built-in default
    assert merged["SITE_NAME"] == "committed"     # config.toml
    assert merged["MAX_UPLOAD_MB"] == 20          # instance/config.toml
    assert merged["WORKER_THREADS"] == 7          # environment
    assert merged["SESSION_HOURS"] == 9           # test config


def test_paths_and_urls_default_to_the_instance_folder(layers):
    _, instance = layers
    merged = layered_settings(instance, {}, None)
    assert merged["DATABASE_URL"] == f"sqlite:///{instance / 'callibrate.db'}"
    assert merged["QUEUE_URL"] == f"sqlite:///{instance / 'queue.db'}"
    assert merged["STORAGE_PATH"] == str(instance / "files")


def test_environment_points_the_whole_platform_elsewhere(layers, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("CALLIBRATE_INSTANCE_PATH", str(elsewhere))
    monkeypatch.setenv("CALLIBRATE_DATABASE_URL", f"sqlite:///{elsewhere}/db/main.db")
    monkeypatch.setenv("CALLIBRATE_QUEUE_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("CALLIBRATE_STORAGE_PATH", str(elsewhere / "blobs"))
    app = create_app()
    assert app.instance_path == str(elsewhere)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{elsewhere}/db/main.db"
    assert type(app.extensions["huey"]).__name__ == "RedisHuey"
    assert (elsewhere / "blobs").is_dir()


def test_postgres_urls_use_psycopg_3(layers, monkeypatch):
    monkeypatch.setenv("CALLIBRATE_DATABASE_URL", "postgresql://qa@db.internal/callibrate")
    app = create_app({"QUEUE_URL": "redis://127.0.0.1:6379/3"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://qa@db.internal/callibrate"


@pytest.mark.parametrize("name, value, expected", [
    ("CALLIBRATE_DATABASE_URL", "mysql://root@localhost/qa", "DATABASE_URL"),
    ("CALLIBRATE_QUEUE_URL", "amqp://guest@localhost", "QUEUE_URL"),
    ("CALLIBRATE_QUEUE_URL", "sqlite://", "QUEUE_URL"),
    ("CALLIBRATE_MAX_UPLOAD_MB", "lots", "MAX_UPLOAD_MB"),
    ("CALLIBRATE_MAX_UPLOAD_MB", "0", "MAX_UPLOAD_MB"),
    ("CALLIBRATE_DEPLOYMENT", "staging", "DEPLOYMENT"),
    ("CALLIBRATE_SESSION_COOKIE_SAMESITE", "None", "SESSION_COOKIE_SAMESITE"),
    ("CALLIBRATE_JOB_MODULES", '["no_such_module_anywhere"]', "JOB_MODULES"),
    ("CALLIBRATE_DATABSE_URL", "sqlite:///typo.db", "CALLIBRATE_DATABSE_URL"),
])
def test_a_wrong_setting_fails_at_start_up_naming_it(layers, monkeypatch, name, value, expected):
    _, instance = layers
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingError) as raised:
        create_app({"INSTANCE_PATH": str(instance)})
    assert expected in str(raised.value)


def test_an_unknown_key_in_a_config_file_is_named_with_its_file(layers):
    _, instance = layers
    (instance / "config.toml").write_text("MAX_UPLOADS_MB = 5\n")
    with pytest.raises(SettingError, match=r"MAX_UPLOADS_MB .*instance/config.toml"):
        layered_settings(instance, {}, None)


def test_a_broken_toml_file_is_reported(layers):
    _, instance = layers
    (instance / "config.toml").write_text("MAX_UPLOAD_MB = = 5\n")
    with pytest.raises(SettingError, match="not valid TOML"):
        layered_settings(instance, {}, None)


def test_production_requires_a_secret_key(layers):
    _, instance = layers
    with pytest.raises(SettingError, match="SECRET_KEY.*required in production"):
        layered_settings(instance, {"CALLIBRATE_DEPLOYMENT": "production"}, None)
    merged = layered_settings(instance, {"CALLIBRATE_DEPLOYMENT": "production",
                                         "CALLIBRATE_SECRET_KEY": "x" * 40}, None)
    assert merged["SESSION_COOKIE_SECURE"] is True
    assert not (instance / "secret_key").exists()


def test_a_short_secret_key_is_refused(layers):
    _, instance = layers
    with pytest.raises(SettingError, match="SECRET_KEY.*too short"):
        layered_settings(instance, {"CALLIBRATE_SECRET_KEY": "short"}, None)


def test_embedded_default_generates_the_key_once_into_the_instance_folder(layers):
    _, instance = layers
    first = layered_settings(instance, {}, None)["SECRET_KEY"]
    second = layered_settings(instance, {}, None)["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600


def test_the_committed_config_holds_no_secret():
    committed = tomllib.loads((settings.PROJECT_ROOT / "config.toml").read_text())
    assert "SECRET_KEY" not in committed
    assert not any("URL" in key and "@" in str(value) for key, value in committed.items()), "credentials in a URL"


def test_the_cli_reports_a_bad_setting_without_a_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLIBRATE_")}
    env.update(CALLIBRATE_INSTANCE_PATH=str(tmp_path), CALLIBRATE_QUEUE_URL="ftp://nowhere")
    result = subprocess.run([str(Path(sys.executable).parent / "callibrate"), "routes"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "QUEUE_URL" in result.stderr and "Traceback" not in result.stderr
