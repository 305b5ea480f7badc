"""The `akimstat` command: translates options into one call of the library, and the library's
known errors into one line on stderr and a non-zero exit (never a traceback for a user error).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from akimstat import __version__
from akimstat.errors import AkimstatError


class _Group(click.Group):
    """Turns `AkimstatError` into a short message and exit status 1 (2 is click's usage error)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AkimstatError as exc:
            click.echo(f"akimstat: error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="akimstat")
def main():
    """Statistical reports on Kazakhstan's corps of local akims, in Kazakh, Russian and English."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--encoding", default=None, metavar="NAME",
              help="Text encoding of CSV files that are not UTF-8, e.g. cp1251.")
@click.option("--data", "data_root", default="data", show_default=True,
              type=click.Path(path_type=Path),
              help="Data folder whose code lists single files are checked against.")
def validate(paths, encoding, data_root):
    """Check data files: a data folder (with datapackage.json) or single CSV/XLSX files.

    Every problem is listed with its file, row and column; the exit status is 1 if any.
    """
    from akimstat.dataset import validate_paths

    for line in validate_paths(paths, encoding=encoding, data_root=data_root):
        click.echo(line)


@main.command()
@click.option("--out", "out_dir", default="data/synthetic", show_default=True,
              type=click.Path(path_type=Path), help="Folder to write the synthetic CSV files to.")
@click.option("--seed", default=2013, show_default=True, help="Seed of the random generator.")
@click.option("--data", "data_root", default="data", show_default=True,
              type=click.Path(path_type=Path), help="Data folder holding the published figures.")
def synth(out_dir, seed, data_root):
    """Write synthetic record-level corps that agree with the published figures."""
    from akimstat.synth import write

    for path in write(out_dir=out_dir, seed=seed, data_root=data_root):
        click.echo(f"wrote {path}")


@main.command()
def params():
    """Print every report parameter with its default and meaning (Markdown)."""
    from akimstat.params import parameter_table

    click.echo(parameter_table())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
