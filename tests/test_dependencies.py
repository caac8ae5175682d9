"""requirements.lock is what `make install` puts on a fresh machine: it must pin, with hashes, a version
that pyproject.toml allows for every dependency declared there. Changing pyproject.toml without
`make lock` fails here instead of installing something CI never tested."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from requirements.lock."""
    locked: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            locked[current] = (match[2], [])
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            locked[current][1].append(digest[1])
    return locked


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def test_every_declared_dependency_is_pinned_to_an_allowed_version():
    locked = _locked()
    problems = []
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name not in locked:
            problems.append(f"{requirement.name}: not in requirements.lock")
        elif not requirement.specifier.contains(version := locked[name][0], prereleases=True):
            problems.append(f"{requirement.name}: locked {version} is outside {requirement.specifier}")
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_every_pin_carries_hashes():
    locked = _locked()
    assert len(locked) > 40
    assert [name for name, (_version, hashes) in locked.items() if not hashes] == []


def test_install_uses_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
    assert "$(STAMP): requirements.lock" in makefile
