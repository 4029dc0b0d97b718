"""Readers of the files a team's tools export (CSV, JSON): plain values with the position of each.

What the values mean (which column a field is, how a date is written) is the records section's
business (reportgen/sections/records/exports.py); these modules only read the text exactly.
"""

# Exports are larger than hand-written YAML (a year of pull requests, of CI runs): read within this.
MAX_SOURCE_BYTES = 20 * 1024 * 1024
