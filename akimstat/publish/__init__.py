"""The publication layer: which reports a run makes (`plan`), executing their notebooks in warm
kernels (`engine`, `render`), exporting HTML and PDF (`export`), the output folder written
atomically with its index, and checking (`verify`) or comparing (`revisions`) what was published.

Imports the report, data and statistics layers and the edges; nothing imports it but the
command line.
"""
