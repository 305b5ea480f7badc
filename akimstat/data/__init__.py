"""The data layer: input files read and checked (code lists, published tables, records,
registers through mapping files), loaded into one `Dataset`, and counted in one tidy form.

Imports only the edges (`akimstat.errors`, `params`, `labels`, `provenance`, `safe`, `files`).
"""
