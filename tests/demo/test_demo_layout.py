"""Demo builders live in banso/demo/ only: no area (or core, or the API) imports them."""

import ast
from pathlib import Path

import banso

ROOT = Path(banso.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_area_imports_the_demo():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path) if n.split(".")[:2] == ["banso", "demo"]
        )
        for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] != "demo"
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_demo_module_is_left_in_an_area():
    left = [
        str(p.relative_to(ROOT)) for p in ROOT.rglob("demo*.py") if p.relative_to(ROOT).parts[0] != "demo"
    ]
    assert left == []
