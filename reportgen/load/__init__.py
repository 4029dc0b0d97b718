"""Reading: files to plain documents that remember each value's file:line:col, the YAML safety rules,
the one Problem type every stage reports with and the registry of its codes, the MkDocs config, and
the packaged YAML (catalogs).

Imports nothing of reportgen's but itself.
"""
