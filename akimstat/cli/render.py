"""`akimstat render`: the parameters from the file, the options and `-p`; the reports planned and
rendered; with `--watch`, rendered again on every change."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import click

from akimstat.errors import AkimstatError, printable
from akimstat.cli.options import LANG, _assignments


@click.command()
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
    chosen = {k: v for k, v in (("cycle", cycle), ("baseline", baseline), ("data_dir", data_dir and str(data_dir)))
              if v is not None}
    formats = formats or ("html", "pdf")
    from akimstat.provenance import NOTEBOOK
    from akimstat.publish import uptodate

    key = uptodate.arguments_key(params_file=params_file, overrides=overrides, chosen=chosen, scopes=scopes,
                                 languages=languages, formats=formats, show_code=show_code, notebook=notebook)

    def render_once():
        from akimstat.files import usable_output
        from akimstat.params import LANGUAGES
        from akimstat.publish.workers import close_workers, start_workers
        from akimstat.publish.render import render_reports

        usable_output(output_dir, create=False)
        if mapping is None and _nothing_changed(output_dir, key, params_file, notebook or NOTEBOOK, quiet):
            return
        params = _parameters(params_file, overrides, chosen)
        output_outside_data(output_dir, params.data_dir)
        warnings = params.disclosure_warnings()
        for warning in warnings:
            click.echo(f"akimstat: warning: {warning}", err=True)
        if mapping is not None:
            params = _with_register(params, mapping, output_dir, "cycle" in chosen)
        if workers == 1 or len(scopes) * len(languages or LANGUAGES) == 1:
            # One kernel imports (~2 s) while this process loads and checks the data: a report
            # comes 1.5 s sooner (worker processes started ahead slowed the checks as much).
            start_workers(1)
        try:
            from akimstat.data.dataset import load_dataset
            from akimstat.publish.plan import plan_jobs

            data = load_dataset(params.data_dir)
            jobs = plan_jobs(params, data, scopes or None, languages or LANGUAGES, notebook or NOTEBOOK)
            start = time.perf_counter()
            summary = render_reports(jobs, output_dir, formats, show_code, workers, progress=not quiet,
                                     keep_warm=watch)
        except BaseException:
            if not watch:
                close_workers()
            raise
        if mapping is None:
            uptodate.remember(output_dir, key, data.root, uptodate.input_files(
                params_file, data.root, notebook or NOTEBOOK), len(jobs), warnings)
        if not quiet:
            click.echo(_said(len(summary.rendered), len(summary.skipped), output_dir, summary.seconds,
                             time.perf_counter() - start if watch else None))

    if not watch:
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up as Ctrl-C does
        return render_once()
    _watch(render_once, params_file, chosen.get("data_dir"), notebook, mapping)


def _said(rendered: int, skipped: int, output_dir: Path, stages=None, seconds: float | None = None) -> str:
    """Return the line a render ends with: how many reports, each stage's seconds, the index."""
    stages = ", ".join(f"{stage} {s:.1f} s" for stage, s in (stages or {}).items())
    return (f"{rendered} report(s) rendered, {skipped} up to date"
            f"{f' ({stages})' if stages else ''}{f' in {seconds:.1f} s' if seconds is not None else ''}; "
            f"open {output_dir / 'index.html'}")


def _nothing_changed(output_dir: Path, key: str, params_file, notebook: Path, quiet: bool) -> bool:
    """Say so and return True when the last render into `output_dir` with these arguments left
    everything up to date and nothing it read or wrote has changed since (`publish.uptodate`)."""
    from akimstat.publish import uptodate
    from akimstat.publish.output import output_lock, remove_leftovers

    if not (output_dir / "index.html").is_file() or not uptodate.record_path(output_dir).is_file():
        return False  # a first render, or one whose record is gone
    with output_lock(output_dir.absolute()):  # as a render does: refused while another writes
        remove_leftovers(output_dir.absolute())
        record = uptodate.unchanged(output_dir, key, params_file, notebook)
    if record is None:
        return False
    for warning in record["warnings"]:
        click.echo(f"akimstat: warning: {warning}", err=True)
    if not quiet:
        click.echo(_said(0, record["reports"], output_dir))
    return True


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
    from akimstat.provenance import code_files
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
