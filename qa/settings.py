"""Settings: built-in defaults → config.toml → instance/config.toml → CALLIBRATE_* env → test config.

Every setting the platform reads is declared here with its default and a check, so a typo or a
wrong value fails at start-up with a message that names the setting instead of misbehaving later.
"""
from __future__ import annotations

import json
import os
import secrets
import tomllib
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "CALLIBRATE_"
# Not settings: the instance path is needed before settings load; the test suite reads the others.
ENV_READ_ELSEWHERE = {"INSTANCE_PATH", "TEST_DATABASE_URL", "TEST_QUEUE_URL"}


class SettingError(RuntimeError):
    """A setting is missing or has a value the platform cannot use."""

    def __init__(self, name: str, problem: str, source: str = ""):
        where = f" (from {source})" if source else ""
        super().__init__(f"Setting {name}{where}: {problem}")
        self.name = name


def _database_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be a database URL such as sqlite:///path/to.db or postgresql://user@host/db"
    scheme = value.split(":", 1)[0].split("+", 1)[0]
    if scheme not in {"sqlite", "postgresql", "postgres"}:
        return f"scheme {scheme!r} is not supported; use sqlite:/// or postgresql://"
    return None


def _queue_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be sqlite:///path/to/queue.db or redis://host:port/db"
    scheme = urlparse(value).scheme
    if scheme not in {"sqlite", "redis", "rediss"}:
        return f"scheme {scheme!r} is not supported; use sqlite:/// or redis://"
    if scheme == "sqlite" and not value.startswith("sqlite:///"):
        return "an SQLite queue needs a file path: sqlite:///path/to/queue.db"
    return None


def positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"must be a whole number of at least 1, not {value!r}"
    return None


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


def text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"must be non-empty text, not {value!r}"


def non_negative_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"must be a whole number of 0 or more, not {value!r}"
    return None


def optional_text(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else f"must be text, not {value!r}"


def one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}, not {value!r}"
    return check


def _same_site(value: Any) -> str | None:
    return None if value in ("Lax", "Strict") else f"must be Lax or Strict, not {value!r}"


def text_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return None
    return f"must be a list of text values, not {value!r}"


def positive_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return f"must be a number above 0, not {value!r}"
    return None




# name → (default, check). None defaults for paths/URLs are filled from the instance folder.
SETTINGS: dict[str, tuple[Any, Callable[[Any], str | None]]] = {
    "DEPLOYMENT": ("embedded", one_of("embedded", "production")),
    "SECRET_KEY": (None, optional_text),
    "DATABASE_URL": (None, _database_url),
    "QUEUE_URL": (None, _queue_url),
    "STORAGE_PATH": (None, text),
    "SITE_NAME": ("Callibrate", text),
    "PUBLIC_URL": ("http://127.0.0.1:5000", text),
    "MAX_UPLOAD_MB": (200, positive_int),
    "SESSION_COOKIE_SAMESITE": ("Lax", _same_site),
    "SESSION_COOKIE_SECURE": (None, lambda v: None if v is None else boolean(v)),
    "SESSION_HOURS": (12, positive_int),
    "LOGIN_MAX_FAILURES_PER_EMAIL": (5, positive_int),
    "LOGIN_MAX_FAILURES_PER_IP": (30, positive_int),
    "LOGIN_WINDOW_SECONDS": (900, positive_int),
    "PASSWORD_MIN_LENGTH": (10, positive_int),
    "INVITATION_DAYS": (7, positive_int),
    "ARGON2_TIME_COST": (3, positive_int),
    "ARGON2_MEMORY_KIB": (65536, positive_int),
    "ARGON2_PARALLELISM": (4, positive_int),
    "WORKER_THREADS": (2, positive_int),
    "JOB_LEASE_SECONDS": (60, positive_int),
    "JOB_HEARTBEAT_SECONDS": (10, positive_int),
    "JOB_REDISPATCH_SECONDS": (300, positive_int),
    "JOB_MAX_ATTEMPTS": (3, positive_int),
    "JOB_MODULES": ([], text_list),
    "TESTING": (False, boolean),
}


def declare_settings(declarations: dict[str, tuple[Any, Callable[[Any], str | None]]]) -> None:
    """Domain packages declare their own settings (name → (default, check)) before the app loads them."""
    clashes = set(declarations) & set(SETTINGS)
    if clashes and any(SETTINGS[name] != declarations[name] for name in clashes):
        raise RuntimeError(f"Settings declared twice: {sorted(clashes)}")
    SETTINGS.update(declarations)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise SettingError(path.name, f"{path} is not valid TOML: {error}") from error


def _env_value(raw: str) -> Any:
    """Numbers, true/false and lists arrive as JSON; anything else stays text."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, (bool, int, float, list)) else raw


def read_environment(environ) -> dict[str, Any]:
    return {key[len(ENV_PREFIX):]: _env_value(raw) for key, raw in environ.items()
            if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX):] not in ENV_READ_ELSEWHERE}


def layered_settings(instance_path: Path, environ, test_config: dict | None) -> dict[str, Any]:
    """Merge every layer in order, rejecting names that are not settings."""
    layers: list[tuple[str, dict[str, Any]]] = [("built-in defaults", {k: v[0] for k, v in SETTINGS.items()})]
    for path in (PROJECT_ROOT / "config.toml", instance_path / "config.toml"):
        if path.exists():
            layers.append((str(path), read_toml(path)))
    layers.append(("environment", read_environment(environ)))
    if test_config:
        layers.append(("test config", {k: v for k, v in test_config.items() if k != "INSTANCE_PATH"}))

    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for source, values in layers:
        for name, value in values.items():
            if name not in SETTINGS and source != "test config":
                shown = ENV_PREFIX + name if source == "environment" else name
                raise SettingError(shown, "is not a Callibrate setting (check the spelling in README)", source)
            merged[name] = value
            sources[name] = source
    _fill_instance_defaults(merged, instance_path)
    for name, (_, check) in SETTINGS.items():
        problem = check(merged[name])
        if problem:
            raise SettingError(name, problem, sources.get(name, ""))
    _require_secret(merged, instance_path)
    return merged


def _fill_instance_defaults(merged: dict[str, Any], instance_path: Path) -> None:
    if merged["DATABASE_URL"] is None:
        merged["DATABASE_URL"] = f"sqlite:///{instance_path / 'callibrate.db'}"
    if merged["QUEUE_URL"] is None:
        merged["QUEUE_URL"] = f"sqlite:///{instance_path / 'queue.db'}"
    if merged["STORAGE_PATH"] is None:
        merged["STORAGE_PATH"] = str(instance_path / "files")
    if merged["SESSION_COOKIE_SECURE"] is None:
        merged["SESSION_COOKIE_SECURE"] = merged["DEPLOYMENT"] == "production"


def _require_secret(merged: dict[str, Any], instance_path: Path) -> None:
    if merged["SECRET_KEY"]:
        if len(merged["SECRET_KEY"]) < 16:
            raise SettingError("SECRET_KEY", "is too short; use at least 16 random characters")
        return
    if merged["DEPLOYMENT"] == "production":
        raise SettingError("SECRET_KEY", "is required in production: set CALLIBRATE_SECRET_KEY "
                           "or SECRET_KEY in instance/config.toml")
    merged["SECRET_KEY"] = embedded_secret_key(instance_path)


def embedded_secret_key(instance_path: Path) -> str:
    """Generate the key once into the instance folder so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


def resolve_instance_path(environ, test_config: dict | None) -> Path:
    if test_config and test_config.get("INSTANCE_PATH"):
        return Path(test_config["INSTANCE_PATH"])
    if environ.get(ENV_PREFIX + "INSTANCE_PATH"):
        return Path(environ[ENV_PREFIX + "INSTANCE_PATH"])
    return PROJECT_ROOT / "instance"
