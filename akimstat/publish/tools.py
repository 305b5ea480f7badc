"""The programs and fonts a render needs, checked before the first report starts.

A missing Chromium or font would otherwise show up after every notebook has run, once per
report, as a browser or font error. `check_tools` finds it first and names the Debian package
to install (`ToolMissingError`, which the command line prints as one line).

Charts are drawn by matplotlib and PDFs printed by Chromium, which finds fonts through
fontconfig: both must have the report font, DejaVu Sans (it has every Kazakh letter).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from akimstat.errors import ToolMissingError

#: Font family of the reports (templates/akimstat/static/akimstat.css, akimstat.report.charts).
FONT = "DejaVu Sans"
#: Debian package of each program or font the reports need.
PACKAGES = {"DejaVu Sans": "fonts-dejavu-core", "fc-list": "fontconfig", "chromium": "chromium"}


def check_tools(formats=("html", "pdf")) -> None:
    """Raise `ToolMissingError` naming the Debian package if a render in `formats` cannot work.

    Parameters
    ----------
    formats : iterable of {"html", "pdf"}
        Charts (every format) need the font in matplotlib; PDF also needs Chromium and the
        font in fontconfig.
    """
    check_chart_font()
    if "pdf" in formats:
        chromium_path()
        check_system_font()


def chromium_path() -> str:
    """Return the Chromium to print with: ``$AKIMSTAT_CHROMIUM`` or ``/usr/bin/chromium``."""
    path = os.environ.get("AKIMSTAT_CHROMIUM", "/usr/bin/chromium")
    if not (shutil.which(path) or os.access(path, os.X_OK)):
        raise ToolMissingError(f"Chromium not found at {path}: install the Debian package chromium")
    return path


def check_chart_font(family: str = FONT) -> None:
    """Raise `ToolMissingError` unless matplotlib finds `family` (without falling back).

    matplotlib from PyPI or conda-forge carries DejaVu Sans in its own data folder: finding the
    file there spares importing matplotlib (~0.2 s). A distribution's matplotlib may leave it
    out (Debian's relies on fonts-dejavu-core), so without the file matplotlib is asked.
    """
    if family == "DejaVu Sans" and _bundled_font("DejaVuSans.ttf").is_file():
        return
    from matplotlib import font_manager

    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        raise ToolMissingError(f"font {family} not found by matplotlib, which draws the charts: "
                               f"install the Debian package {_package(family)}") from None


def _bundled_font(name: str) -> Path:
    """Return where matplotlib keeps the font file `name` it ships (found without importing it)."""
    spec = importlib.util.find_spec("matplotlib")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ""
    return Path(folder, "mpl-data", "fonts", "ttf", name)


def check_system_font(family: str = FONT) -> None:
    """Raise `ToolMissingError` unless fontconfig (``fc-list``), which Chromium uses, has `family`."""
    if shutil.which("fc-list") is None:
        raise ToolMissingError("fc-list not found, so the fonts Chromium prints with cannot be "
                               f"checked: install the Debian package {PACKAGES['fc-list']}")
    found = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True,
                           text=True, check=False).stdout
    if family not in found:
        raise ToolMissingError(f"font {family} not found by fontconfig (fc-list), which Chromium "
                               f"prints the PDFs with: install the Debian package "
                               f"{_package(family)}")


def _package(family: str) -> str:
    return PACKAGES.get(family, f"that provides the font {family}")
