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
                   "akimstat/locales/methods.kk.md"):
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
