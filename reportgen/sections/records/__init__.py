"""Records sections: a table whose columns a team declares (or a ready-made one declares for it),
and the figures derived from its rows.
"""
