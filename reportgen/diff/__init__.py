"""`reportgen diff`: what a change to the facts does to the figures and facts, for a reviewer.

May import: load … emit.
"""
