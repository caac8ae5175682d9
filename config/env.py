"""Strict readers for settings that come from the environment.

A typo in a deployment variable must stop the app at start-up, not silently fall back to a
default: `BANSO_DEBUG=ture` raises instead of meaning "off".
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip()


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def local_env_path(base_dir) -> Path:
    """`var/local.env` (or `$BANSO_VAR_DIR/local.env`): the settings `make run` wrote for this machine."""
    return Path(os.environ.get("BANSO_VAR_DIR") or Path(base_dir) / "var") / "local.env"


def load_local_env(path) -> dict[str, str]:
    """Read `KEY=value` lines (blank lines and `#` comments skipped) into the environment, never
    overriding a variable that is already set: the real environment always wins. A missing file is
    nothing. Returns what was set."""
    path = Path(path)
    if not path.is_file():
        return {}
    applied = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip().removeprefix("export ").strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=value, got {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if name not in os.environ:
            os.environ[name] = applied[name] = value
    return applied
