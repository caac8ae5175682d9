"""Exports of an engagement: the 支援経過報告書 (PDF), the 面談記録 of one dialogue (PDF) and the
action plan (Excel) and the 従事時間管理表 (Excel)."""

from banso.engagements.exports.action_plan import ActionPlanXlsx
from banso.engagements.exports.dialogue_record import DialogueRecordPdf
from banso.engagements.exports.progress_report import ProgressReportPdf
from banso.engagements.exports.timesheet import TimeSheetXlsx

__all__ = ["ActionPlanXlsx", "DialogueRecordPdf", "ProgressReportPdf", "TimeSheetXlsx"]
