"""The SQL backend: IR -> one SELECT per dialect (sqlglot), a table layout per schema, and its loader.

Like the other backends it reads only the IR, the schema and the runtime rules;
the public entry points are in :mod:`filterengine.sql`.
"""
