"""The report exporters read the figures snapshot they are given and never import the domain that
calls them (domain/reports.py renders through them to issue a report): no import circle."""

from __future__ import annotations

import ast
from pathlib import Path

import banso.monitoring.exports as exports

FORBIDDEN = ("banso.monitoring.domain", "banso.monitoring.views", "banso.monitoring.queries")


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_report_exporters_do_not_import_the_monitoring_domain():
    folder = Path(exports.__file__).parent
    offenders = {
        f"{path.name}: {module}"
        for path in sorted(folder.glob("*.py"))
        for module in _imported_modules(path)  # top level and inside functions alike
        if module.startswith(
            ("banso.monitoring.domain", "banso.monitoring.views", "banso.monitoring.queries")
        )
    }
    assert not offenders, sorted(offenders)
