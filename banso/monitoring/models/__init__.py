"""Monitoring models, one module per concept (docs: the monitoring area plan)."""

from banso.monitoring.models.actuals import ActualCorrection, MonthlyActual
from banso.monitoring.models.cashflow import CashFlowEntry, CashFlowTerms, Lender, LoanScheduleEntry
from banso.monitoring.models.gaps import Gap
from banso.monitoring.models.imports import AccountingImport, AccountMapping
from banso.monitoring.models.kpis import Kpi, KpiMonth
from banso.monitoring.models.meetings import MonthlyMeeting
from banso.monitoring.models.next_month_actions import NextMonthAction
from banso.monitoring.models.plans import ImprovementPlan, Measure, PlanAmount, PlanVersion, PlanYear
from banso.monitoring.models.reports import MonitoringReport
from banso.monitoring.models.schedules import MonitoringDue, MonitoringSchedule
from banso.monitoring.models.segments import SalesSegment, SegmentImport, SegmentMonth
from banso.monitoring.models.settings import MonitoringThresholds

__all__ = [
    "AccountMapping",
    "AccountingImport",
    "ActualCorrection",
    "CashFlowEntry",
    "CashFlowTerms",
    "Gap",
    "ImprovementPlan",
    "Kpi",
    "KpiMonth",
    "Lender",
    "LoanScheduleEntry",
    "Measure",
    "MonitoringDue",
    "MonitoringReport",
    "MonitoringSchedule",
    "MonitoringThresholds",
    "MonthlyActual",
    "MonthlyMeeting",
    "NextMonthAction",
    "PlanAmount",
    "PlanVersion",
    "PlanYear",
    "SalesSegment",
    "SegmentImport",
    "SegmentMonth",
]
