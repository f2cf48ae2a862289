"""The Polars backend: IR as a ``polars.Expr`` over a frame of the table layout (:mod:`filterengine.layout`)."""
