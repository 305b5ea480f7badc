"""The benchmark keeps working: its CI-sized run (``benchmarks/bench_render.py --smoke``: one region,
one language, cold then with nothing changed, and that region's sections) prints its figures, and
against HEAD prints a column per tree with every output file identical; its byte check between two
outputs names the files that differ. Nothing here is timed against a target (docs/performance.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

from bench_runs import TREE, compare_bytes  # noqa: E402  (benchmarks/ is not a package)
from bench_print import print_bytes  # noqa: E402


def bench(*args: str) -> str:
    done = subprocess.run([sys.executable, BENCH / "bench_render.py", "--smoke", *args], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)


@pytest.mark.render
def test_smoke_prints_its_figures():
    out = bench()
    assert re.search(r"^one region, one lang\. +[\d.]+ \(CPU [\d.]+\) s", out, re.M)
    assert re.search(r"^nothing changed \(warm\) [\d.]+ \(CPU [\d.]+\) s +\(1 up to date\)", out, re.M)
    assert re.search(r"^  execute +[\d.]+ s +[\d.]+ s per report", out, re.M)
    assert re.search(r"^\| section \w+ +\| [\d.]+ \+ [\d.]+ \+ [\d.]+ = [\d.]+ s", out, re.M)  # compute+present+SVG
    assert re.search(r"^\| Report\.save +\| [\d.]+ s", out, re.M)
    assert "full cycle" not in out and "naive way" not in out and "peak memory" not in out


@pytest.mark.render
def test_smoke_against_head_prints_two_columns_and_the_same_bytes():
    if git("rev-parse", "--verify", "HEAD").returncode:
        pytest.skip("not a git repository")
    out = bench("--against", "HEAD")
    header = next(line for line in out.splitlines() if line.startswith("| figure"))
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    assert len(cells) == 3 and cells[1].endswith("(HEAD)") and cells[2].endswith("(working tree)")
    row = next(line for line in out.splitlines() if line.startswith("| one region, one language, cold"))
    assert len(re.findall(r"[\d.]+ \(CPU [\d.]+\) s", row)) == 2
    same = re.search(r"same bytes .*: (\d+) of (\d+) files identical", out)
    assert same and int(same.group(2)) > 10
    if not git("status", "--porcelain", "--", *TREE).stdout:  # the working tree renders what HEAD does
        assert same.group(1) == same.group(2), out


def test_byte_check_names_what_differs(tmp_path, capsys):
    before, after = tmp_path / "before", tmp_path / "after"
    for folder, docx, svg in ((before, b"a", b"<svg/>"), (after, b"b", b"<svg/>")):
        (folder / "2013/KZ-PAV/kk/charts").mkdir(parents=True)
        (folder / "2013/KZ-PAV/kk/report.docx").write_bytes(docx)
        (folder / "2013/KZ-PAV/kk/charts/age-1.svg").write_bytes(svg)
        (folder / "2013/KZ-PAV/kk/render.json").write_text(str(folder))  # aside: it names the run
    (after / "2013/KZ-PAV/kk/charts/trend-1.svg").write_bytes(b"<svg/>")
    check = compare_bytes(before, after)
    assert (check["files"], check["identical"]) == (3, 1)
    assert check["by_name"] == {"report.docx": 1, "charts/*.svg": 1}
    print_bytes(check, "old", "new")
    out = capsys.readouterr().out
    assert "1 of 3 files identical" in out and "2013/KZ-PAV/kk/charts/trend-1.svg (after only)" in out
