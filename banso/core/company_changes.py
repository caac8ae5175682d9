"""What other areas keep derived from a company's own fields — e.g. the stored ローカルベンチマーク
results, which depend on the company's 業種 and size (diagnosis).

Imports flow one way (core ← companies ← diagnosis / engagements), so the companies domain cannot call
the diagnosis area directly. An area registers a handler at start-up (AppConfig.ready); the companies
domain makes one explicit call, `company_changed(company, fields, by=...)`, inside the transaction of
the update, after the new values are saved. A handler only acts on the fields it depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# A handler receives the saved company, the names of the fields that changed and the user.
ChangeHandler = Callable[..., None]

_handlers: list[ChangeHandler] = []


def register_company_change_handler(handler: ChangeHandler) -> ChangeHandler:
    """Add a handler once (safe to call again, e.g. when apps are reloaded in tests)."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def company_changed(company, fields: Iterable[str], *, by) -> None:
    """Tell every registered area that these fields of the company changed (already saved)."""
    changed = frozenset(fields)
    if not changed:
        return
    for handler in _handlers:
        handler(company, changed, by=by)
