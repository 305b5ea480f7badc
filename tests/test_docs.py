"""The README cannot drift from the command line: every command and option is documented."""

from __future__ import annotations

from pathlib import Path

import click

from akimstat.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme():
    for name, command in main.commands.items():
        assert f"akimstat {name}" in README, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{opt}" in README for opt in param.opts), (name, param.opts)


def test_readme_links_exist():
    root = README and Path(__file__).resolve().parents[1]
    for target in ("data/README.md", "CITATION.cff", "docs/assumptions-and-caveats.md", "docs/notebooks.md",
                   "docs/adding-a-cycle.md", "akimstat/locales/methods.yaml"):
        assert f"({target})" in README and (root / target).exists(), target


def test_notebook_guide_examples_run():
    """docs/notebooks.md: its Python examples run, in order, in a fresh interpreter."""
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    guide = (root / "docs/notebooks.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.S)
    assert len(blocks) >= 4
    result = subprocess.run([sys.executable, "-c", "\n".join(blocks)], cwd=root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'women', 'age', 'education', 'unit_type'" in result.stdout


def test_adding_a_cycle_guide_runs():
    """docs/adding-a-cycle.md: its shell commands run, in order, from the repository's root:
    the scratch package validates, the typo is refused, and the rows added are the shipped ones."""
    import os
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    guide = (root / "docs/adding-a-cycle.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", guide, flags=re.S)
    assert len(blocks) >= 6
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", "\n".join(blocks)], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert sum(line.startswith("ok  data:") for line in lines) == 2
    assert "refused, as it should be" in lines and "expected an age band code" in result.stderr
    assert lines[-2:] == ["7", "5"]  # every row the guide adds is a row of the shipped package


def test_license_and_citation_agree_with_the_package():
    import datetime as dt

    import yaml

    from akimstat import __version__

    root = Path(__file__).resolve().parents[1]
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT" and cff["version"] == __version__
    assert dt.date.fromisoformat(str(cff["date-released"])) <= dt.date.today()
    assert {"title", "message", "authors", "type"} <= set(cff)
    # the source article's authors as its journal's page names them (issue 28), not 'anonymous'
    article = next(r for r in cff["references"] if r["type"] == "article")
    assert [a["family-names"] for a in article["authors"]] == ["Kargabayeva", "Yermankulova", "Dandaeua"]
