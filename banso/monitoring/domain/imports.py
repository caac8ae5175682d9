"""会計データの取込: upload (kept, parsed, previewed) → map the accounts → commit (all or nothing) or discard.

The file is read once through core.spreadsheets (size, zip and row caps) and parsed by the import
engine (engines/imports, `parse_import`); nothing is written when it cannot be read. The original stays
in private storage with its SHA-256, who uploaded it and when. The company's account mapping is reused by
every later import; changing it re-parses the imports still waiting for confirmation, and a commit parses
the stored file again with the mapping of that moment, so what is written is always what the preview
showed for the current mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.formatting import screen_datetime
from banso.core.records import ensure_version, log_company_event, save_audited
from banso.core.text import nfkc
from banso.monitoring.domain import waiting_imports
from banso.monitoring.domain.actuals import (
    Cell,
    SaveOutcome,
    VersionRequired,
    _lock_company,
    issued_reports_covering,
    period_label,
    write_actuals,
)
from banso.monitoring.engines.imports import LAYOUT_LABELS, LAYOUTS, MAPPABLE, ImportProblem, parse_import
from banso.monitoring.engines.imports.parse import MAX_BYTES as ENGINE_MAX_BYTES
from banso.monitoring.engines.imports.result import ImportResult
from banso.monitoring.engines.lines import LINES_BY_KEY
from banso.monitoring.engines.months import Month
from banso.monitoring.models import AccountingImport, AccountMapping, MonthlyActual

MAX_ACCOUNT_NAME = 200
MAX_MAPPING_ENTRIES = 5000


def max_upload_bytes() -> int:
    """The largest accounting file accepted (the site's upload limit, at most the engine's)."""
    return min(settings.BANSO_MAX_UPLOAD_BYTES, ENGINE_MAX_BYTES)


def company_mapping(company) -> AccountMapping | None:
    return AccountMapping.objects.filter(company=company).first()


def _parse(company, content: bytes, filename: str, options: dict) -> ImportResult:
    mapping = company_mapping(company)
    return parse_import(
        content,
        filename,
        layout=options.get("layout"),
        fiscal_year_end_month=company.fiscal_year_end_month,
        mapping=mapping.mapping if mapping else {},
        fiscal_year=options.get("fiscal_year"),
        cumulative_ok=bool(options.get("cumulative_ok")),
    )


def _store_result(import_: AccountingImport, result: ImportResult, options: dict) -> None:
    data = result.to_json()
    import_.layout = result.layout
    import_.parsed = data
    import_.preview = {key: value for key, value in data.items() if key != "accounts"} | {"options": options}


def upload_import(
    company,
    *,
    by,
    upload,
    layout: str | None = None,
    fiscal_year: int | None = None,
    cumulative_ok: bool = False,
) -> AccountingImport:
    """Read and parse an uploaded accounting file and keep it for preview.

    `upload`: a Django UploadedFile (or any binary file object with `name`). `layout`: one of the
    engine's LAYOUTS to skip detection. `fiscal_year`: the fiscal year (named by the year it ends in)
    for month columns without a year. `cumulative_ok`: the file holds running totals.
    Raises UploadError (413 above the limit) or ImportProblem (Japanese, naming row and column) and
    writes nothing then. Side effects: the file in private storage; an AccountingImport (status
    preview) with its history; a `monitoring.import.uploaded` activity entry.
    """
    if layout is not None and layout not in LAYOUTS:
        raise ImportProblem(f"「{layout}」は対応していないファイル形式です。")
    content, filename = waiting_imports.read_file(upload, max_bytes=max_upload_bytes())
    options = {"layout": layout, "fiscal_year": fiscal_year, "cumulative_ok": bool(cumulative_ok)}
    result = _parse(company, content, filename, options)
    waiting_imports.check_months(result.months)
    import_ = AccountingImport(company=company, **waiting_imports.file_fields(content, filename, by=by))
    _store_result(import_, result, options)
    with waiting_imports.saving_file(import_, content, by=by):
        log_company_event(
            company,
            code="monitoring.import.uploaded",
            message=f"会計データ「{filename}」を読み取りました"
            f"（{LAYOUT_LABELS.get(result.layout, result.layout)}、"
            f"{period_label([Month.of(m) for m in result.months])}）。",
            by=by,
            data={"import": import_.pk, "layout": result.layout, "sha256": import_.sha256},
        )
    return import_


def _reparse(import_: AccountingImport) -> ImportResult:
    """The stored file parsed again with the company's current mapping and the upload's options."""
    with import_.file.open("rb") as stored:
        content = stored.read()
    options = (import_.preview or {}).get("options") or {}
    return _parse(import_.company, content, import_.filename, options)


def refresh_import(import_: AccountingImport, *, by) -> AccountingImport:
    """Re-parse a waiting import with the company's current mapping (its preview follows the mapping).
    Side effects: the import's preview and parsed amounts (no new version: nothing the user typed)."""
    if import_.status != AccountingImport.Status.PREVIEW:
        return import_
    result = _reparse(import_)
    _store_result(import_, result, (import_.preview or {}).get("options") or {})
    import_._history_user = by
    import_.save(update_fields=["layout", "parsed", "preview", "updated_at"])
    return import_


def _clean_mapping(mapping) -> dict[str, str]:
    if not isinstance(mapping, dict):
        raise DomainError("勘定科目の対応は {勘定科目名: 行} の形で指定してください。")
    if len(mapping) > MAX_MAPPING_ENTRIES:
        raise DomainError(f"勘定科目の対応は{MAX_MAPPING_ENTRIES}件までです。")
    result: dict[str, str] = {}
    for name, line in mapping.items():
        clean = nfkc(str(name)).strip()
        if not clean:
            raise DomainError("勘定科目名が空の対応があります。")
        if len(clean) > MAX_ACCOUNT_NAME:
            raise DomainError(f"勘定科目名「{clean[:20]}…」が長すぎます（{MAX_ACCOUNT_NAME}文字まで）。")
        if line not in MAPPABLE:
            raise DomainError(
                f"勘定科目「{clean}」の対応先「{line}」は取り込み先の行ではありません。一覧から選んでください。"
            )
        result[clean] = line
    return result


def save_account_mapping(company, *, by, mapping, expected_version: int | None = None) -> AccountMapping:
    """Replace the company's account mapping ({account name: input line key or "ignore"}).

    The first mapping needs no version; a change of an existing one names the version it was read at
    (VersionRequired without, ConflictError when stale). Side effects: the AccountMapping row and its
    history; the company's waiting imports re-parsed; a `monitoring.mapping.saved` activity entry.
    """
    clean = _clean_mapping(mapping)
    with transaction.atomic():
        _lock_company(company)
        current = AccountMapping.objects.select_for_update().filter(company=company).first()
        if current is not None:
            if expected_version is None:
                raise VersionRequired(
                    "勘定科目の対応を変更するときは、表示した時点の版（version）を指定してください。"
                )
            ensure_version(current, expected_version)
            current.mapping = clean
            save_audited(current, by=by, bump_version=True)
        else:
            current = AccountMapping(company=company, mapping=clean)
            save_audited(current, by=by)
        for waiting in AccountingImport.objects.filter(
            company=company, status=AccountingImport.Status.PREVIEW
        ):
            waiting.company = company
            try:
                refresh_import(waiting, by=by)
            except (DomainError, OSError):
                continue  # a stored file that no longer parses keeps its last preview
        log_company_event(
            company,
            code="monitoring.mapping.saved",
            message=f"勘定科目の対応を保存しました（{len(clean)}科目）。",
            by=by,
            data={"accounts": len(clean)},
        )
    return current


def map_import_accounts(
    import_: AccountingImport, *, by, choices: dict[str, str], expected_version: int | None
) -> AccountMapping:
    """Add the accounts chosen on an import's preview to the company's mapping (other entries kept),
    then re-parse the waiting imports (save_account_mapping). `expected_version`: the mapping's version
    shown with the preview (None when the company had none)."""
    current = company_mapping(import_.company)
    merged = dict(current.mapping) if current else {}
    merged.update(choices)
    return save_account_mapping(import_.company, by=by, mapping=merged, expected_version=expected_version)


@dataclass(frozen=True)
class ImportNotices:
    """What the user should know before committing a waiting import (computed when the preview is
    shown, not stored: actuals and other imports may change in between).

    - ``existing_months``: the file's months that already have monthly actuals (the commit overwrites
      the lines the file has); ``reported_months``: the file's months behind an issued report (a change
      there is a correction with a reason, disclosed in the next report).
    - ``same_file``: the latest committed import of this company with the same SHA-256 (the very same
      bytes), or None.
    - ``messages``: the Japanese sentences the preview page and the API show.
    """

    existing_months: list[Month]
    reported_months: list[Month]
    same_file: AccountingImport | None
    messages: list[str]


def _months_text(months: list[Month]) -> str:
    return "、".join(m.label for m in months)


def preview_notices(import_: AccountingImport) -> ImportNotices:
    """The warnings of a waiting import's preview (see ImportNotices); empty once committed or
    discarded. Two or three queries."""
    if import_.status != AccountingImport.Status.PREVIEW:
        return ImportNotices([], [], None, [])
    company = import_.company
    months = sorted({Month.parse(m) for m in (import_.preview or {}).get("months", [])})
    existing: list[Month] = []
    if months:
        found = set(
            MonthlyActual.objects.filter(company=company, month__in=[m.first_day for m in months])
            .values_list("month", flat=True)
            .distinct()
        )
        existing = [m for m in months if m.first_day in found]
    reported = sorted(issued_reports_covering(company, months)) if months else []
    same_file = (
        AccountingImport.objects.filter(
            company=company, sha256=import_.sha256, status=AccountingImport.Status.COMMITTED
        )
        .exclude(pk=import_.pk)
        .select_related("committed_by")
        .order_by("-committed_at", "-id")
        .first()
    )
    messages: list[str] = []
    if existing:
        messages.append(
            f"{_months_text(existing)}にはすでに月次実績があります。取り込むと、ファイルにある行は"
            "このファイルの額で上書きされます（ファイルにない行はそのままです）。"
        )
    if reported:
        messages.append(
            f"{_months_text(reported)}は発行済みのモニタリング報告書の対象です。実績が変わる場合は"
            "修正の理由が必要で、修正として記録され次の報告書で開示されます。"
        )
    if same_file is not None:
        who = same_file.committed_by.display_name if same_file.committed_by else "（不明）"
        messages.append(
            f"同じファイル（SHA-256 が一致）は{screen_datetime(same_file.committed_at)}に取り込み済みです"
            f"（取り込んだ人: {who}、ファイル名「{same_file.filename}」）。同じ内容を二度取り込もうと"
            "していないかご確認ください。"
        )
    return ImportNotices(existing, reported, same_file, messages)


@dataclass(frozen=True)
class CommitOutcome:
    months: list[Month]
    saved: SaveOutcome


def _yen(value: Decimal) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _checksum_refusal(differences) -> str:
    shown = "、".join(
        f"{d.row}行目「{d.label}」{Month.of(d.month).label}"
        f"（ファイル {int(d.stated):,}円・明細の計 {int(d.computed):,}円）"
        for d in differences[:3]
    )
    more = f" ほか{len(differences) - 3}件" if len(differences) > 3 else ""
    return (
        f"ファイルの合計行が明細の合計と合いません: {shown}{more}。"
        "会計ソフトの出力を確かめてください。明細の額で取り込んでよければ、不一致を確認した旨にチェックを入れてから取り込んでください。"
    )


def commit_import(
    import_: AccountingImport,
    *,
    by,
    correction_reason: str = "",
    expected_version: int | None = None,
    accept_checksum_differences: bool = False,
) -> CommitOutcome:
    """Write an import's months into the monthly actuals: every line the file has for each of its
    months (lines the file does not have are left as they are). All or nothing.

    Refused (DomainError, nothing written) when the import is not waiting, when accounts remain
    unmapped, when the file's own total rows disagree with its lines and the user has not accepted
    that (`accept_checksum_differences`: the detail lines are what is written), or when a month behind
    an issued report would change without `correction_reason`.
    Returns the months written. Side effects: MonthlyActual rows (source import, linked to the import)
    with history; ActualCorrection rows for reported months; the import marked committed (who, when);
    a `monitoring.import.committed` activity entry.
    """
    company = import_.company
    with transaction.atomic():
        _lock_company(company)
        current = waiting_imports.lock(import_, expected_version)
        current.company = company
        result = _reparse(current)
        if result.unmapped_accounts:
            names = "、".join(u.name for u in result.unmapped_accounts[:10])
            more = (
                f" ほか{len(result.unmapped_accounts) - 10}科目" if len(result.unmapped_accounts) > 10 else ""
            )
            raise DomainError(
                f"対応先が決まっていない勘定科目があります: {names}{more}。"
                "それぞれの行を選んでから取り込んでください。"
            )
        if result.checksum_differences and not accept_checksum_differences:
            raise DomainError(_checksum_refusal(result.checksum_differences))
        waiting_imports.check_months(result.months)
        months = [Month.of(m) for m in result.months]
        cells = {}
        for line, series in result.totals.items():
            if line not in LINES_BY_KEY:
                continue
            for month, amount in series.items():
                cells[Cell(Month.of(month), line)] = _yen(amount)
        saved = write_actuals(
            company,
            cells,
            by=by,
            expected_versions=None,
            correction_reason=correction_reason,
            source=MonthlyActual.Source.IMPORT,
            accounting_import=current,
        )
        _store_result(current, result, (current.preview or {}).get("options") or {})
        waiting_imports.mark_committed(current, by=by)
        log_company_event(
            company,
            code="monitoring.import.committed",
            message=f"会計データ「{current.filename}」から{period_label(months)}の月次実績を取り込みました"
            f"（{saved.count}件更新）。",
            by=by,
            data={
                "import": current.pk,
                "months": [str(m) for m in months],
                "created": len(saved.created),
                "changed": len(saved.changed),
                "corrections": saved.corrections,
            },
        )
    import_.refresh_from_db()
    return CommitOutcome(months=months, saved=saved)


def discard_import(import_: AccountingImport, *, by, expected_version: int | None = None) -> AccountingImport:
    """Set a waiting import aside without writing anything (the file stays as a record).
    Side effects: the import's status and history; a `monitoring.import.discarded` activity entry."""
    return waiting_imports.discard(
        import_,
        by=by,
        expected_version=expected_version,
        code="monitoring.import.discarded",
        what="会計データ",
    )
