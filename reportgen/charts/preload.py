"""Imported by the chart pool's fork server: matplotlib, the fonts and their metrics, loaded once.

Each worker is forked from that server, so it starts with all of this in memory instead of
spending half a second of its own loading it.
"""

from .render import prepare

prepare()
