"""Diagnosis models: statements, benchmark tables and stored results, non-financial and design sheets."""

from banso.diagnosis.models.benchmarks import BenchmarkTable
from banso.diagnosis.models.results import LocalBenchmarkResult
from banso.diagnosis.models.sheets import BusinessStep, Counterparty, DesignSheet, NonFinancialSheet
from banso.diagnosis.models.statements import FinancialStatement

__all__ = [
    "BenchmarkTable",
    "BusinessStep",
    "Counterparty",
    "DesignSheet",
    "FinancialStatement",
    "LocalBenchmarkResult",
    "NonFinancialSheet",
]
