"""`reportgen diff`: what a change to the facts does to the figures and facts, for a reviewer.

May import: load … emit. Within: revisions (each side's content: a git revision, or a folder
named by option), walk (two trees of facts into differences), figures (a year's figures and which
moved), printing (text and Markdown), site_diff (`compare`, tying them together into a SiteDiff).
"""
