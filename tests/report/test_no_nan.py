"""No rendered output says "NaN" (issue 24: "Акимов сохранили посты … 88 NaN,0 нет" for a
register without person ids): a figure that cannot be computed says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main

from fixtures.renders import texts_with_nan

ROOT = Path(__file__).resolve().parents[2]


def rendered(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", *args, "--format", "html", "--output", str(out),
                                       "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.render
def test_the_default_render_has_no_nan(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = rendered(tmp_path, "--data", str(ROOT / "data"), "--cycle", "2013", "--scope",
                   "national", "--lang", "en")
    assert list(out.rglob("report.html")) and texts_with_nan(out) == []


@pytest.mark.render
def test_records_without_person_ids_say_why_a_figure_is_missing(tmp_path, monkeypatch):
    """Before: "Акимов сохранили посты … 88 NaN,0 нет" in the published-figures table."""
    import shutil

    import pandas as pd

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    records = data / "synthetic" / "records-2013.csv"
    frame = pd.read_csv(records, dtype=str, keep_default_na=False)
    frame.assign(person_id="").to_csv(records, index=False)
    out = rendered(tmp_path, "--data", str(data), "--cycle", "2013", "--scope", "KZ-PAV",
                   "--lang", "ru")
    html = (out / "2013" / "KZ-PAV" / "ru" / "report.html").read_text(encoding="utf-8")
    assert "не вычисляется: в записях нет кода лица (person_id)" in html
    assert texts_with_nan(out) == []
