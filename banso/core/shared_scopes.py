"""What a lender may be shown of a company, by scope (同意・共有): the registry the owning areas fill.

The sharing area (banso/sharing) keeps the consent grants and decides *whether* a lender may read a
scope (core.access: `live_grant_filter`, `grant_covers`); it does not know *what* a monitoring report
or a ローカルベンチマーク is. The area that owns the records registers each scope here in its
`AppConfig.ready()` (banso/monitoring/shared.py, banso/diagnosis/shared.py): a label, a function that
renders the read-only content, and optionally a function that serves a download. Areas never import
sharing; sharing never imports an area. A scope whose area is not installed is simply not offered.

Contract for the functions (the company is already checked by the sharing loader):
- `render(request, company, download_url)` returns `SharedContent`: the read-only HTML (no forms, no
  edit links, no link to any other page of the company) and a short label of what was shown, for the
  access log. `download_url(item)` gives the shared download URL of one file of the scope.
- `download(request, company, item)` returns `SharedDownload`: the response (through
  core.downloads, so it is audited like every other download) and the label of the file; it raises
  Http404 for an item that does not exist in this scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# The scopes a grant may name, in the order they are shown (api.md: Sharing).
MONITORING_REPORTS = "monitoring_reports"
MONITORING_TABLE = "monitoring_table"
PLAN = "plan"
CASH_FLOW = "cash_flow"
LOCAL_BENCHMARK = "local_benchmark"

SCOPE_LABELS: dict[str, str] = {
    MONITORING_REPORTS: "モニタリング報告書",
    MONITORING_TABLE: "月次モニタリング表",
    PLAN: "経営改善計画",
    CASH_FLOW: "資金繰り表",
    LOCAL_BENCHMARK: "ローカルベンチマーク",
}


@dataclass(frozen=True)
class SharedContent:
    html: str
    object_label: str


@dataclass(frozen=True)
class SharedDownload:
    response: object
    object_label: str


@dataclass(frozen=True)
class SharedScope:
    code: str
    label: str
    render: Callable[..., SharedContent]
    download: Callable[..., SharedDownload] | None = None


_scopes: dict[str, SharedScope] = {}


def register_shared_scope(scope: SharedScope) -> SharedScope:
    """Register (or re-register, e.g. when apps are reloaded in tests) one scope."""
    if scope.code not in SCOPE_LABELS:
        raise ValueError(f"unknown shared scope {scope.code!r}")
    _scopes[scope.code] = scope
    return scope


def shared_scope(code: str) -> SharedScope | None:
    return _scopes.get(code)


def scope_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered scope, in the fixed order."""
    return [(code, label) for code, label in SCOPE_LABELS.items() if code in _scopes]


def scope_label(code: str) -> str:
    return SCOPE_LABELS.get(code, code)
