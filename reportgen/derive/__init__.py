"""Figures as pure functions of the facts: the metric registry, the records aggregations,
numbers (precision, sameness), units, durations and KPI verdicts. Reads no file, reports no problem.

May import: load, model.
"""
