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
    for target in ("data/README.md", "CITATION.cff", "docs/assumptions-and-caveats.md",
                   "akimstat/locales/methods.kk.md"):
        assert f"({target})" in README and (root / target).exists(), target
