"""The `akimstat` command: translates options into one call of the library, and the library's
known errors into one line on stderr and a non-zero exit (never a traceback for a user error).
"""

from __future__ import annotations

import atexit
import gc
import signal
import sys
import time
from pathlib import Path

import click

from akimstat import __version__
from akimstat.errors import AkimstatError, printable, shown


LANG = "akimstat.lang"  # key of the messages' language in the click context's `meta`


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


def locale_language(environ=None) -> str:
    """Return kk, ru or en from the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE); en otherwise."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in ("kk", "ru", "en") else "en"
    return "en"


def _message_language(ctx, param, value):
    """Remember `--lang` for messages (a callback, so it holds for errors of later options too)."""
    if value:
        ctx.meta[LANG] = value
    return value


MESSAGE_LANG = click.option("--lang", "message_lang", type=click.Choice(["kk", "ru", "en"]),
                            callback=_message_language, is_eager=True, expose_value=False,
                            help="Language of the messages (default: the locale's, else en).")


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


def _assignments(ctx, param, values) -> dict:
    """Parse -p NAME=VALUE options; values are read as YAML (numbers, lists, text), without
    aliases or deep nesting (akimstat.useryaml)."""
    import yaml

    from akimstat.errors import ParameterError
    from akimstat.labels import localised
    from akimstat.useryaml import YamlRefusal, check_events

    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE; received {shown(item)}", ctx, param)
        try:
            check_events(value)
            out[name.strip()] = yaml.safe_load(value)
        except YamlRefusal as exc:
            raise ParameterError(localised("parameters.refused_file", file=f"-p {name.strip()}",
                                           expected=localised(exc.key, **exc.values))) from None
        except (yaml.YAMLError, ValueError):  # ValueError: a number of 4,300 digits or more
            out[name.strip()] = value
    return out


@main.command()
@click.option("--params", "params_file", default=None, type=click.Path(path_type=Path),
              help="YAML file of report parameters (default: parameters/default.yaml beside the "
                   "--data folder, in the current folder, or in akimstat's project).")
@click.option("-p", "--set", "overrides", multiple=True, callback=_assignments, metavar="NAME=VALUE",
              help="Set one parameter, e.g. -p age_threshold=50 (repeatable; see `akimstat params`).")
@click.option("--cycle", default=None, help="Cycle to report on (overrides the parameter file).")
@click.option("--baseline", default=None, help="Cycle to compare with (overrides the parameter file).")
@click.option("--data", "data_dir", default=None, type=click.Path(path_type=Path),
              help="Data folder holding datapackage.json (overrides the parameter file).")
@click.option("--scope", "scopes", multiple=True, metavar="SCOPE",
              help="'national' or a region code such as KZ-PAV (repeatable; default: all).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["kk", "ru", "en"]),
              help="Language of the reports (repeatable; default: kk, ru and en).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf"]),
              help="Formats to write (repeatable; default: html and pdf). The executed notebook "
                   "and the CSV files are always written.")
@click.option("--output", "output_dir", default="output", show_default=True,
              type=click.Path(path_type=Path), help="Folder the reports and index.html go to.")
@click.option("--notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Render this notebook (yours, with a parameters cell like reports/report.ipynb's) "
                   "instead of the report notebook.")
@click.option("--map", "mapping", default=None, type=click.Path(path_type=Path),
              help="Mapping file of a register (see `akimstat map --suggest`): its records replace "
                   "the data's records of its cycle, and its cycle is reported on unless --cycle.")
@click.option("--show-code", is_flag=True, help="Show the notebooks' code in HTML and PDF.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Reports rendered at once, each worker with its own warm kernel.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--watch", is_flag=True,
              help="Keep running: render again whenever the parameter file, the data, the notebooks "
                   "or the templates change, with the kernel and browser kept warm (Ctrl-C to stop).")
def render(params_file, overrides, cycle, baseline, data_dir, scopes, languages, formats,
           output_dir, notebook, mapping, show_code, workers, quiet, watch):
    """Render the reports of a cycle (every scope, kk/ru/en, HTML and PDF) into an output folder.

    Data and parameters are checked before anything is written; a report that is up to date
    (same data, parameters, code and templates) is not rendered again.
    """
    if len(languages) == 1:  # messages in the language of the one report asked for
        click.get_current_context().meta.setdefault(LANG, languages[0])
    from akimstat.data.project import output_outside_data, parameter_file

    params_file = params_file or parameter_file(data_dir)
    chosen = {k: v for k, v in {"cycle": cycle, "baseline": baseline,
                                "data_dir": None if data_dir is None else str(data_dir)}.items()
              if v is not None}
    formats = formats or ("html", "pdf")

    def render_once():
        from akimstat.params import LANGUAGES
        from akimstat.files import usable_output
        from akimstat.publish.workers import close_workers, start_workers
        from akimstat.publish.render import render_reports

        params = _parameters(params_file, overrides, chosen)
        usable_output(output_dir, create=False)
        output_outside_data(output_dir, params.data_dir)
        for warning in params.disclosure_warnings():
            click.echo(f"akimstat: warning: {warning}", err=True)
        if mapping is not None:
            params = _with_register(params, mapping, output_dir, "cycle" in chosen)
        if workers == 1 or len(scopes) * len(languages or LANGUAGES) == 1:
            # One kernel imports (~2 s) while this process loads and checks the data: a report
            # comes 1.5 s sooner, an up-to-date one 0.25 s later (the kernel is stopped unused).
            # Worker processes started ahead slowed the checks as much as they saved.
            start_workers(1)
        try:
            from akimstat.data.dataset import load_dataset
            from akimstat.publish.plan import NOTEBOOK, plan_jobs

            data = load_dataset(params.data_dir)
            jobs = plan_jobs(params, data, scopes or None, languages or LANGUAGES, notebook or NOTEBOOK)
            start = time.perf_counter()
            summary = render_reports(jobs, output_dir, formats, show_code, workers, progress=not quiet,
                                     keep_warm=watch)
        except BaseException:
            if not watch:
                close_workers()
            raise
        if not quiet:
            seconds = ", ".join(f"{stage} {s:.1f} s" for stage, s in summary.seconds.items())
            click.echo(f"{len(summary.rendered)} report(s) rendered, {len(summary.skipped)} up to date"
                       f"{f' ({seconds})' if seconds else ''}"
                       f"{f' in {time.perf_counter() - start:.1f} s' if watch else ''}; "
                       f"open {output_dir / 'index.html'}")

    if not watch:
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up as Ctrl-C does
        return render_once()
    _watch(render_once, params_file, chosen.get("data_dir"), notebook, mapping)


def _default_data() -> Path:
    from akimstat.data.project import data_folder

    return data_folder("data")


def _parameters(params_file: Path | None, overrides: dict, chosen: dict):
    """Return the parameters of a render: the file's (or the defaults, without one), then the
    command line's; a relative data folder of the file is found from its project."""
    from akimstat.params import ReportParameters
    from akimstat.data.parameter_file import read_parameters
    from akimstat.data.project import data_folder, project_of

    params = read_parameters(params_file) if params_file else ReportParameters()
    params = params.replace(**overrides, **chosen)
    if "data_dir" not in chosen and "data_dir" not in overrides:
        params = params.replace(data_dir=str(data_folder(params.data_dir, project_of(params_file))))
    return params


def _with_register(params, mapping: Path, output_dir: Path, cycle_chosen: bool):
    """Return `params` reading a data folder composed of theirs and the mapped register, and
    reporting on the register's cycle unless one was chosen."""
    from akimstat.data.compose import composed_folder, package_with_register

    folder, cycles = package_with_register(params.data_dir, mapping, composed_folder(mapping))
    changes = {"data_dir": str(folder)}
    if not cycle_chosen and len(cycles) == 1:
        changes["cycle"] = cycles[0]
    return params.replace(**changes)


def _watch(render_once, params_file: Path, data_dir: str | None, notebook: Path | None = None,
           mapping: Path | None = None) -> None:
    """Run `render_once` now and on every change, printing errors instead of exiting."""
    from akimstat.data.parameter_file import read_parameters
    from akimstat.publish.plan import code_files
    from akimstat.data.project import data_folder, project_of
    from akimstat.provenance import ROOT
    from akimstat.publish.workers import close_workers
    from akimstat.publish.watch import watch

    def guarded():
        try:
            render_once()
        except AkimstatError as exc:
            click.echo(f"akimstat: error: {printable(str(exc))}", err=True)
        except Exception:  # a bug: its traceback is printed, and the next edit is watched for
            import traceback

            click.echo(printable(traceback.format_exc()), err=True)

    def inputs():
        try:
            folder = data_dir or (read_parameters(params_file).data_dir if params_file else "data")
        except AkimstatError:
            folder = "data"
        return [*([params_file] if params_file else []), data_folder(folder, project_of(params_file)),
                ROOT / "reports", ROOT / "templates", *([notebook] if notebook else []),
                *_register_files(mapping)]

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does: kernels closed
    try:
        watch(guarded, inputs, list(code_files()), restart=close_workers, echo=click.echo)
    except KeyboardInterrupt:
        pass
    finally:
        close_workers()


def _register_files(mapping: Path | None) -> list[Path]:
    """Return a mapping file and the register it names (both watched by `render --watch`)."""
    from akimstat.data.mapping import read_mapping

    if mapping is None:
        return []
    try:
        register = read_mapping(mapping).file
    except AkimstatError:
        register = None  # a bad edit of the mapping: its error is printed by the render
    return [mapping, *([register] if register else [])]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


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
    """Check any file of a report (html, pdf, xlsx, ipynb, csv, json) against the data, code and
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
