"""The `reportgen` command: validate, build, export, diff, pdf, schema, and the scaffolding of
`init` and `new-year`.

May import: every other package.
"""
