"""Exports of an engagement: the 支援経過報告書 (PDF) and the action plan (Excel)."""

from banso.engagements.exports.action_plan import ActionPlanXlsx
from banso.engagements.exports.progress_report import ProgressReportPdf

__all__ = ["ActionPlanXlsx", "ProgressReportPdf"]
