"""The layers of docs/architecture.md, held by a test that reads the imports of every module in banso/.

1. Layers: core ← orgs ← companies ← areas (engagements, diagnosis, …) ← api ← demo. A module may
   import its own package and the packages below it, never one above.
2. Areas do not import each other; the few edges that exist today are listed in AREA_EXCEPTIONS with
   the reason, so a new one fails here and has to be argued.
3. Engines (``banso.<area>.engines.*``) import no Django: only the standard library, non-Django
   packages, other engines and the core helpers that themselves import no Django (transitively).

Imports inside functions count too (a lazy import is still a dependency). A failure names the file,
the line and the imported module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "banso"

# Rank of each top-level package of banso/: a module may import ranks lower than or equal to its own,
# and an area (rank 3) may not import another area. A new package must be placed here.
LAYERS: dict[str, int] = {
    "core": 0,
    "orgs": 1,
    "companies": 2,
    "engagements": 3,
    "diagnosis": 3,
    "monitoring": 3,
    "home": 3,
    "sharing": 3,
    "portal": 3,
    "comments": 3,
    "knowledge": 3,
    "api": 4,
    "demo": 5,
}
AREA_RANK = 3

# Area → area imports that exist on purpose (importer package, imported module prefix): reason.
AREA_EXCEPTIONS: dict[tuple[str, str], str] = {}

# Third-party packages that are Django or need it configured.
DJANGO_BOUND = frozenset(
    {
        "django",
        "simple_history",
        "ninja",
        "django_htmx",
        "template_partials",
        "axes",
        "csp",
        "whitenoise",
        "dj_database_url",
    }
)


@dataclass(frozen=True)
class ImportEdge:
    importer: str  # dotted module name
    path: Path
    line: int
    imported: str  # dotted module name as written (plus the imported name when it is a module)

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def collect_imports(root: Path, package: str = PACKAGE) -> tuple[set[str], list[ImportEdge]]:
    """Every module under root/package and every import statement in them (relative ones resolved)."""
    modules: set[str] = set()
    edges: list[ImportEdge] = []
    files = sorted((root / package).rglob("*.py"))
    for path in files:
        modules.add(module_name(path, root))
    for path in files:
        name = module_name(path, root)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                edges.extend(ImportEdge(name, path, node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    if not is_package:
                        anchor = anchor[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    target = candidate if candidate in modules else base
                    edges.append(ImportEdge(name, path, node.lineno, target))
    return modules, edges


def top_package(module: str, package: str = PACKAGE) -> str | None:
    parts = module.split(".")
    if parts[0] != package or len(parts) < 2:
        return None
    return parts[1]


def is_engine(module: str) -> bool:
    parts = module.split(".")
    return len(parts) >= 3 and parts[2] == "engines"


def django_free_modules(modules: set[str], edges: list[ImportEdge]) -> set[str]:
    """The project modules whose imports, followed through the project, reach no Django-bound package."""
    imports: dict[str, set[str]] = {m: set() for m in modules}
    for edge in edges:
        imports[edge.importer].add(edge.imported)
    bound: set[str] = set()
    changed = True
    while changed:
        changed = False
        for module, targets in imports.items():
            if module in bound:
                continue
            for target in targets:
                if target.split(".")[0] in DJANGO_BOUND or _resolve(target, modules) in bound:
                    bound.add(module)
                    changed = True
                    break
    return modules - bound


def _resolve(imported: str, modules: set[str]) -> str | None:
    """The project module an import refers to (the longest known prefix), or None outside the project."""
    parts = imported.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def layer_violations(root: Path, package: str = PACKAGE) -> list[str]:
    modules, edges = collect_imports(root, package)
    problems: list[str] = []
    unknown = sorted({top_package(m, package) for m in modules} - set(LAYERS) - {None})
    for name in unknown:
        problems.append(
            f"{package}/{name}/ is not placed in a layer: add it to LAYERS in tests/test_architecture.py"
        )
    for edge in edges:
        source, target = top_package(edge.importer, package), top_package(edge.imported, package)
        if source is None or target is None or source == target or source not in LAYERS:
            continue
        if target not in LAYERS:
            continue
        if LAYERS[target] > LAYERS[source]:
            problems.append(
                f"{edge.where(root)}: {edge.importer} imports {edge.imported} — "
                f"'{source}' (layer {LAYERS[source]}) may not import '{target}' (layer {LAYERS[target]}), "
                "which sits above it"
            )
        elif LAYERS[source] == LAYERS[target] == AREA_RANK and not _excepted(source, edge.imported):
            problems.append(
                f"{edge.where(root)}: {edge.importer} imports {edge.imported} — areas do not import each "
                f"other ('{source}' → '{target}'); move the shared piece into core or hand the work over "
                "through a core registry"
            )
    return problems


def _excepted(source: str, imported: str) -> bool:
    return any(
        source == importer and (imported == prefix or imported.startswith(prefix + "."))
        for importer, prefix in AREA_EXCEPTIONS
    )


def engine_violations(root: Path, package: str = PACKAGE) -> list[str]:
    modules, edges = collect_imports(root, package)
    pure = django_free_modules(modules, edges)
    problems: list[str] = []
    for edge in edges:
        if not is_engine(edge.importer):
            continue
        first = edge.imported.split(".")[0]
        if first in DJANGO_BOUND:
            problems.append(f"{edge.where(root)}: engine {edge.importer} imports {edge.imported} (Django)")
            continue
        if first != package:
            continue
        target = _resolve(edge.imported, modules)
        if target is None or is_engine(target):
            continue
        if top_package(target, package) == "core" and target in pure:
            continue
        why = (
            "a core module that imports Django"
            if top_package(target, package) == "core"
            else "a non-engine module of an area"
        )
        problems.append(
            f"{edge.where(root)}: engine {edge.importer} imports {edge.imported} ({why}); engines may "
            "import only other engines and Django-free core helpers"
        )
    return problems


def _report(problems: list[str]) -> str:
    return "\n".join(["", *problems])


def test_layers_point_down_and_areas_stay_apart():
    problems = layer_violations(ROOT)
    assert not problems, _report(problems)


def test_engines_import_no_django_and_no_area_module():
    problems = engine_violations(ROOT)
    assert not problems, _report(problems)


# The checker itself, on a small made-up tree: each broken rule is reported with file, line and import.


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _tree(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        {
            "banso/__init__.py": "",
            "banso/core/__init__.py": "",
            "banso/core/pure.py": "import decimal\n",
            "banso/core/web.py": "from django.http import HttpResponse\n",
            "banso/core/uses_web.py": "from banso.core import web\n",
            "banso/orgs/__init__.py": "",
            "banso/orgs/models.py": "import datetime\nfrom banso.companies.models import Company\n",
            "banso/companies/__init__.py": "",
            "banso/companies/models.py": "from banso.core import pure\n",
            "banso/engagements/__init__.py": "",
            "banso/engagements/views.py": "def f():\n    from banso.diagnosis import report\n",
            "banso/diagnosis/__init__.py": "",
            "banso/diagnosis/report.py": "from ..companies.models import Company\n",
            "banso/diagnosis/models.py": "",
            "banso/diagnosis/engines/__init__.py": "",
            "banso/diagnosis/engines/other.py": "from banso.core.pure import decimal\n",
            "banso/diagnosis/engines/calc.py": (
                "import django.conf\n"
                "from banso.core import uses_web\n"
                "from banso.diagnosis.models import Thing\n"
                "from banso.core.pure import decimal\n"
                "from . import other\n"
            ),
        },
    )
    return tmp_path


def test_checker_names_an_upward_import_and_an_area_to_area_import(tmp_path):
    root = _tree(tmp_path)

    problems = layer_violations(root)

    assert problems == [
        "banso/engagements/views.py:2: banso.engagements.views imports banso.diagnosis.report — areas do "
        "not import each other ('engagements' → 'diagnosis'); move the shared piece into core or hand the "
        "work over through a core registry",
        "banso/orgs/models.py:2: banso.orgs.models imports banso.companies.models — 'orgs' (layer 1) may "
        "not import 'companies' (layer 2), which sits above it",
    ]


def test_checker_names_engine_imports_of_django_and_of_django_bound_modules(tmp_path):
    root = _tree(tmp_path)

    problems = engine_violations(root)

    assert problems == [
        "banso/diagnosis/engines/calc.py:1: engine banso.diagnosis.engines.calc imports django.conf (Django)",
        "banso/diagnosis/engines/calc.py:2: engine banso.diagnosis.engines.calc imports banso.core.uses_web "
        "(a core module that imports Django); engines may import only other engines and Django-free core "
        "helpers",
        "banso/diagnosis/engines/calc.py:3: engine banso.diagnosis.engines.calc imports "
        "banso.diagnosis.models (a non-engine module of an area); engines may import only other engines "
        "and Django-free core helpers",
    ]


def test_checker_asks_for_a_new_package_to_be_placed_in_a_layer(tmp_path):
    root = _tree(tmp_path)
    _write(root, {"banso/newarea/__init__.py": ""})

    assert layer_violations(root)[0] == (
        "banso/newarea/ is not placed in a layer: add it to LAYERS in tests/test_architecture.py"
    )
