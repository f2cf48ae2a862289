"""What users run a playlist through: preview (filter, sort, page, envelopes) and explain."""
