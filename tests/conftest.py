"""Shared fixtures: the shipped code lists, and small files written the way users write them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

RECORD_HEADER = "record_id,person_id,cycle,region,district,unit_type,sex,age,profession,ethnicity,education"
GOOD_RECORD = "R1,P1,2013,KZ-PAV,KZ-PAV-D01,rural_okrug,female,41,pedagogue,kazakh,higher"


def data_with_rows(root: Path, appended: dict[str, str]) -> Path:
    """Copy data/ to `root` and append to each of its files (path in data/) the CSV rows given."""
    shutil.copytree(DATA, root)
    for name, text in appended.items():
        with open(root / name, "a", encoding="utf-8") as handle:
            handle.write(text)
    return root


@pytest.fixture(scope="session")
def published_only(tmp_path_factory) -> Path:
    """A copy of data/ without the record files: the code lists and published figures."""
    root = tmp_path_factory.mktemp("published") / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("synthetic"))
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["akimstat:role"] != "records"]
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def codes(published_only):
    from akimstat.data.dataset import load_dataset

    return load_dataset(published_only).codes


@pytest.fixture
def write_csv(tmp_path):
    """Write text to a CSV file as a user's tool would (encoding and line endings chosen)."""

    def write(text: str, name: str = "records.csv", encoding: str = "utf-8", newline="\n") -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        return path

    return write


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """One kk report of 2021 (KZ-61), HTML and PDF, rendered from the project's data, once per
    run (shared by test_record.py and test_hardening_files.py)."""
    from fixtures.hostile.shared import once

    def make(out: Path) -> None:
        from akimstat.data.dataset import load_dataset
        from akimstat.params import ReportParameters
        from akimstat.publish.plan import plan_jobs
        from akimstat.publish.render import render_reports

        params = ReportParameters(cycle="2021", baseline="2017", data_dir=str(DATA))
        render_reports(plan_jobs(params, load_dataset(DATA), ["KZ-61"], ["kk"]), out, workers=1,
                       progress=False)

    return once(tmp_path_factory, "record", make) / "2021/KZ-61/kk"
