"""The KPI targets a year sets for the next: the section (kind.py), its facts (facts.py), how its
figures read (text.py) and its checks (checks.py). The next year's review of them is kpi_review.py."""
