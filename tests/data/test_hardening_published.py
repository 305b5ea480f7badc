"""Attacks on the published tables and the sources list (issue 31's hardening suite): absurd
numbers, unknown codes, duplicated keys, broken encodings and shapes. Each is refused by
`akimstat validate` with the file, row and column where they apply, exit 1 and no traceback;
text that is merely hostile (markup, a formula) or a BOM is valid input, escaped or neutralised
where it is printed (tests/test_hostile.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from fixtures import edits

DATA = Path(__file__).resolve().parents[2] / "data"


def line_edit(file, line, old, new):
    """Replace `old` by `new` in line `line` (1 = the header) of published/`file`."""
    return edits.line_edit("published", file, line, old, new)


def replaced(file, old, new):
    """Replace the first `old` by `new` anywhere in published/`file`."""
    def change(root):
        path = root / "published" / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return change


def append(file, text):
    """Add `text` (rows) at the end of published/`file`."""
    def change(root):
        path = root / "published" / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return change


def raw(file, transform):
    """Replace the bytes of published/`file` by `transform` of them."""
    def change(root):
        path = root / "published" / file
        path.write_bytes(transform(path.read_bytes()))
    return change


C, F = "counts.csv", "figures.csv"
ATTACKS = [
 ('count-negative', line_edit(C,2,',627,',',-627,')),
 ('count-nan', line_edit(C,2,',627,',',NaN,')),
 ('count-inf', line_edit(C,2,',627,',',inf,')),
 ('count-1e308', line_edit(C,2,',627,',',1e308,')),
 ('count-fraction', line_edit(C,2,',627,',',62.7,')),
 ('count-above-nobs', line_edit(C,2,',627,',',2627,')),
 ('nobs-zero', line_edit(C,2,',2454,',',0,')),
 ('percent-above-100', line_edit(C,2,',25.6,',',125.6,')),
 ('percent-negative', line_edit(C,2,',25.6,',',-25.6,')),
 ('unknown-source', line_edit(C,2,',article,',',nosuch,')),
 ('unknown-scope', line_edit(C,2,',national,',',KZ-QQQ,')),
 ('unknown-variable', line_edit(C,2,',profession,',',religion,')),
 ('unknown-category', line_edit(C,2,',pedagogue,',',wizard,')),
 ('unknown-cycle', line_edit(C,2,'2013,',"2099,")),
 ('duplicated-row', append(C, "2013,national,akims,profession,pedagogue,627,2454,25.6,article,dup,\n")),
 ('figure-value-text', line_edit(F,2,',2457,',',many,')),
 ('figure-value-negative', line_edit(F,2,',2457,',',-2457,')),
 ('figure-value-nan', line_edit(F,2,',2457,',',nan,')),
 ('figure-posts-zero', line_edit(F,2,',2457,',',0,')),
 ('figure-unknown-source', line_edit(F,2,',article,',',nosuch,')),
 ('figure-key-path', line_edit(F,2,',posts,',',../../etc,')),
 ('figure-key-space', line_edit(F,2,',posts,',',my key,')),
 ('counts-bom', raw(C, lambda b: b'\xef\xbb\xbf'+b)),
 ('counts-cp1251', raw(C, lambda b: b.decode('utf-8').encode('cp1251', 'replace'))),
 ('counts-utf16', raw(C, lambda b: b.decode('utf-8').encode('utf-16'))),
 ('counts-nul', raw(C, lambda b: b.replace(b'627', b'6\x0027',1))),
 ('counts-empty', raw(C, lambda b: b'')),
 ('counts-header-only', raw(C, lambda b: b.split(b'\n')[0]+b'\n')),
 ('counts-missing-column', raw(C, lambda b: b.replace(b'cycle,scope,', b'cycle,', 1))),
 ('counts-extra-column', raw(C, lambda b: b.replace(b',note\n', b',note,evil\n', 1))),
 ('counts-unbalanced-quote', line_edit(C,2,'"627','627')),
 ('quote-markup', line_edit(C,2,'"627-сі','"<script>alert(1)</script>627-сі')),
 ('quote-formula', line_edit(C,2,'"627-сі','"=HYPERLINK(""http://x"")627-сі')),
 ('sources-duplicate-id', append('sources.csv', 'article,published,Dup,Dup,2013,,kk,,,,,,,\n')),
 ('sources-bad-kind', replaced('sources.csv', 'article,published,', 'article,rumour,')),
 ('sources-bad-date', replaced('sources.csv', ',Source article (journal),2013,', ',Source article (journal),2013-13,')),
]

#: The row number of a line appended to the shipped counts.csv (its header is row 1).
APPENDED_ROW = len((DATA / "published" / "counts.csv").read_text(encoding="utf-8").splitlines()) + 1

#: (attack, the place the problem names: file, and "row N" where a row applies)
PLACES = {
    "counts-cp1251": ("counts.csv", "row 2"), "counts-utf16": ("counts.csv", None),
    "counts-empty": ("counts.csv", None), "duplicated-row": ("counts.csv", f"row {APPENDED_ROW}"),
    "counts-missing-column": ("counts.csv", "row 2"), "counts-extra-column": ("counts.csv", "row 2"),
    "counts-unbalanced-quote": ("counts.csv", "row 2"), "sources-duplicate-id": ("sources.csv", None),
}
ACCEPTED = {"counts-bom", "counts-header-only", "quote-markup", "quote-formula"}


@pytest.mark.parametrize("name, change", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_an_attack_on_the_published_tables_is_answered(tmp_path, name, change):
    shutil.copytree(DATA, tmp_path / "data")
    change(tmp_path / "data")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "data")])
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    if name in ACCEPTED:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    file, row = PLACES.get(name, ("figures.csv" if name.startswith("figure") else
                                  "sources.csv" if name.startswith("sources") else "counts.csv", "row 2"))
    line = next(line for line in result.output.splitlines() if f"published/{file}" in line)
    assert row is None or f"{file}, {row}" in line, result.output
