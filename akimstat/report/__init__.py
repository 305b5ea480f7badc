"""The report layer: one cycle and scope's data (`scope`), the sections the report spec lists
(`spec`, `sections`), computed once and presented in each language (`present`, `charts`,
`html`), and the files a report writes beside itself (`outputs`, `record`, `cite`).

Imports the data and statistics layers and the edges. ``from akimstat.report import Report``
is the notebooks' entry point; it is loaded on first use, so that the layers above can read a
report's record without importing matplotlib.
"""


def __getattr__(name: str):
    if name == "Report":
        from akimstat.report.document import Report

        return Report
    raise AttributeError(f"module 'akimstat.report' has no attribute {name!r}")
