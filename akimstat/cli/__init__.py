"""The `akimstat` command: translates options into one call of the library, and the library's
known errors into one line on stderr and a non-zero exit (never a traceback for a user error).
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from akimstat import __version__
from akimstat.errors import AkimstatError, printable
from akimstat.cli.options import LANG, MESSAGE_LANG, locale_language
from akimstat.cli.render import render
from akimstat.cli.options import _default_data


class _Group(click.Group):
    """Turns `AkimstatError` into a short message and exit status 1 (2 is click's usage error),
    in the language of `--lang` or else of the locale."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AkimstatError as exc:
            message = exc.message(ctx.meta.get(LANG) or locale_language())
            click.echo(f"akimstat: error: {printable(message)}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="akimstat")
def main():
    """Statistical reports on Kazakhstan's corps of local akims, in Kazakh, Russian and English."""
    # Registered first, so it runs last: Python's final garbage collection would otherwise walk
    # every object of pandas, scipy, matplotlib and nbconvert (~0.3 s) just before the process
    # ends, when the memory is returned anyway.
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--encoding", default=None, metavar="NAME",
              help="Text encoding of CSV files that are not UTF-8, e.g. cp1251.")
@click.option("--data", "data_root", default=None, type=click.Path(path_type=Path),
              help="Data folder whose code lists single files are checked against (default: "
                   "./data, else the data of akimstat's project).")
@click.option("--header-row", type=click.IntRange(1), default=None, metavar="N",
              help="Row of the column names in single files (default: the first row below any "
                   "title rows).")
@click.option("--map", "mapping", default=None, type=click.Path(path_type=Path),
              help="Mapping file of a register with its own headers and values (see "
                   "`akimstat map --suggest`); without PATHS, checks the register it names.")
@click.option("--strict", is_flag=True,
              help="Make contradictions between published figures errors (exit status 1), "
                   "not warnings.")
@click.option("--problems", "problems_file", default=None, type=click.Path(path_type=Path),
              metavar="FILE", help="Also write every problem, one a row, to this CSV file "
                                   "(file, row, column, value, expected).")
@MESSAGE_LANG
def validate(paths, encoding, data_root, header_row, mapping, strict, problems_file):
    """Check data files: a data folder (with datapackage.json) or single CSV/XLSX files.

    Every problem is listed, grouped by kind (file, column and what to do) with its count and
    first rows; --problems writes each one to a CSV file. The exit status is 1 if any. A
    data folder's contradictions between published figures (akimstat.report.reconcile) follow as a
    reconciliation table: warnings, or errors with --strict.
    """
    from akimstat.data.dataset import validate_paths
    from akimstat.errors import InputError
    from akimstat.labels import in_language
    from akimstat.data.problems import write_problems

    if not paths and mapping is None:
        raise click.UsageError("name the files or folders to check, or a mapping file (--map)")
    data_root = data_root or _default_data()
    lang = click.get_current_context().meta.get(LANG) or locale_language()
    loaded = []
    try:
        lines = validate_paths(paths, encoding=encoding, data_root=data_root,
                               header_row=header_row, mapping=mapping, loaded=loaded)
    except InputError as exc:
        click.echo(f"akimstat: error: {printable(exc.every_kind(lang))}", err=True)
        if problems_file is not None:
            click.echo(write_problems(exc.problems, problems_file, lang), err=True)
        sys.exit(1)
    if problems_file is not None:
        write_problems([], problems_file, lang)
    for line in lines:
        click.echo(in_language(line, lang))
    found = sum(_print_reconciliation(data, strict) for data in loaded)
    if found and strict:
        click.echo(f"akimstat: error: {found} contradiction(s) between published figures (--strict)",
                   err=True)
        sys.exit(1)


def _print_reconciliation(data, strict: bool) -> int:
    """Print a data folder's reconciliation table; return how many contradictions it lists."""
    from akimstat.report.reconcile import line_of, reconcile

    frame = reconcile(data)
    kind = "error" if strict else "warning"
    if frame.empty:
        click.echo(f"reconciliation {data.root}: no contradiction between published figures")
        return 0
    click.echo(f"reconciliation {data.root}: {len(frame)} contradiction(s) between published "
               f"figures ({kind}s{'' if strict else '; --strict makes them errors'})")
    for row in frame.itertuples():
        click.echo(f"{kind}  {line_of(row)}")
    return len(frame)


@main.command("map")
@click.option("--suggest", "register", required=True, type=click.Path(path_type=Path),
              metavar="FILE", help="The register (XLSX or CSV) to write a first mapping for.")
@click.option("--output", "-o", "out", default=None, type=click.Path(path_type=Path),
              help="Mapping file to write (default: beside the register, REGISTER.map.yaml).")
@click.option("--cycle", default=None, help="The register's cycle, when it has no cycle column.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Text encoding of a CSV register that is not UTF-8, e.g. cp1251.")
@click.option("--header-row", type=click.IntRange(1), default=None, metavar="N",
              help="Row of the column names (default: the first row below any title rows).")
@click.option("--data", "data_root", default=None, type=click.Path(path_type=Path),
              help="Data folder whose code lists names are matched against (default: ./data, "
                   "else the data of akimstat's project).")
@click.option("--force", is_flag=True, help="Replace an existing mapping file.")
@MESSAGE_LANG
def map_(register, out, cycle, encoding, header_row, data_root, force):
    """Write a first mapping file for a register: its headers and values matched to akimstat's
    columns and codes by their names in kk, ru and en, what could not be matched marked "?".
    """
    from akimstat.data.dataset import load_dataset
    from akimstat.errors import ParameterError
    from akimstat.labels import Labels
    from akimstat.data.load import read_table
    from akimstat.data.draft import suggest

    out = out or register.with_suffix(".map.yaml")
    if out.exists() and not force:
        raise ParameterError(f"{out}: exists (a reviewed mapping is not overwritten); name "
                             "another file with --output, or pass --force")
    codes = load_dataset(data_root or _default_data()).codes
    frame = read_table(register, encoding, header_row)
    lang = click.get_current_context().meta.get(LANG) or locale_language()
    text, summary = suggest(frame, codes, register, out, cycle, header_row, encoding, lang)
    out.write_text(text, encoding="utf-8")
    t = Labels(lang)
    click.echo(t.plain("map.written", file=str(out), count=summary["columns"],
                       columns=summary["of_columns"], values=summary["values"],
                       unmatched=summary["unmatched"]))


@main.command()
@click.option("--out", "out_dir", default="data/synthetic", show_default=True,
              type=click.Path(path_type=Path), help="Folder to write the synthetic CSV files to.")
@click.option("--seed", default=2013, show_default=True, help="Seed of the random generator.")
@click.option("--data", "data_root", default="data", show_default=True,
              type=click.Path(path_type=Path), help="Data folder holding the published figures.")
def synth(out_dir, seed, data_root):
    """Write synthetic record-level corps that agree with the published figures."""
    from akimstat.data.synth import write

    for path in write(out_dir=out_dir, seed=seed, data_root=data_root):
        click.echo(f"wrote {path}")


@main.command()
@click.option("--cycle", default=None,
              help="Cycle whose scopes to list (default: the default parameter file's cycle).")
@click.option("--data", "data_root", default=None, type=click.Path(path_type=Path),
              help="Data folder (default: ./data, else the data of akimstat's project).")
@MESSAGE_LANG
def scopes(cycle, data_root):
    """List the scopes of a cycle (national and each region with data), each once, with their
    names and what each has: records, published tables (by variable) and figures; in the
    language of --lang or the locale. `render --scope` accepts any code or name a region had."""
    from akimstat.data.dataset import load_dataset
    from akimstat.labels import Labels
    from akimstat.params import ReportParameters
    from akimstat.data.parameter_file import read_parameters
    from akimstat.data.project import parameter_file
    from akimstat.data.territory import scope_lines, unknown_cycle

    data = load_dataset(data_root or _default_data())
    if cycle is None:
        found = parameter_file(data_root)
        cycle = (read_parameters(found) if found else ReportParameters()).cycle
    if cycle not in data.cycles():
        raise unknown_cycle(cycle, data.cycles(), "--cycle")
    t = Labels(click.get_current_context().meta.get(LANG) or locale_language(), data.codes)
    records = data.records[data.records["cycle"] == cycle]
    click.echo(t.plain("scopes.title", count=len(records), cycle=cycle,
                       name=t.name("cycle", cycle)))
    for line in scope_lines(data, cycle, t):
        click.echo(line)


@main.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data", "data_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Data folder to check against (default: the folder with the report's data "
                   "fingerprint among its data_dir and data/ in the project or above the file).")
def verify(report, data_dir):
    """Check any file of a report (html, pdf, xlsx, docx, ipynb, csv, json) against the data, code and
    parameters it records: one line per item; exit 1 unless all match."""
    from akimstat.publish.verify import verify_report

    ok, lines = verify_report(report, data_dir)
    for line in lines:
        click.echo(line)
    sys.exit(0 if ok else 1)


@main.command()
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for revisions.csv and revisions.html (default: NEW, beside its index).")
@MESSAGE_LANG
def diff(old, new, out_dir):
    """Compare the figures of two output folders (releases) by key: write the revisions table
    (what changed, by how much, and whether data, parameters or code changed) as CSV and HTML."""
    from akimstat.labels import publish_words
    from akimstat.publish.revisions import revisions, write_revisions

    lang = click.get_current_context().meta.get(LANG) or locale_language()
    table = revisions(old, new)
    csv, html = write_revisions(table, out_dir or new, lang)
    click.echo(publish_words(lang)["revisions.written"].format(count=len(table), csv=csv, html=html))


@main.command()
def params():
    """Print every report parameter with its default and meaning (Markdown)."""
    from akimstat.params import parameter_table

    click.echo(parameter_table())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


main.add_command(render)
