"""Monitoring forms, one module per concept. The rules live in the domain (and the engines); forms only
read what people type (Japanese numbers through core.numbers / core.forms, months as YYYY-MM) back into the
domain's arguments and offer the right choices.

fields.py    the monitoring fields (MonthField), long text, VersionOnlyForm
grids.py     the spreadsheet-like grids' shared machinery: cell attributes, cell names, the sheet version,
             a grid saved as a whole against one version
plans.py     a new plan, the yearly and monthly plan grids, a revision, measures, the plan's engagement
actuals.py   the fiscal-year grid of actuals (lines × months, 千円 or 円)
imports.py   the accounting upload and the account-mapping table
segment_imports.py   the sales-mix upload (file, 計画 or 実績, kind, unit, fiscal year)
gaps.py, meetings.py, thresholds.py, next_month_actions.py, kpis.py, segments.py, cashflow.py,
reports.py, schedules.py   one concept each
"""
