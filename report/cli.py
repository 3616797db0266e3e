"""The `nbcr-report` command line. Every command has --help; bad input exits with code 2 and
a readable list of problems, never a traceback."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from report import __version__
from report.ingest.problems import ValidationFailed
from report.plaintext import MarkupRefused
from report.yamlfile import YamlInvalid

EXTRACTS_HELP = "Dataset folder (with extracts/ and dataset.yml). Default: data/synthetic."
REFERENCE_HELP = "Reference tables folder. Default: data/reference."


def dataset_options(command):
    """--extracts and --reference, shared by every command that reads a dataset."""
    command = click.option("--reference", type=click.Path(path_type=Path), default=None,
                           help=REFERENCE_HELP)(command)
    return click.option("--extracts", "extracts_dir", type=click.Path(path_type=Path),
                        default=None, help=EXTRACTS_HELP)(command)


year_option = click.option("--year", type=int, default=None,
                           help="Report year. Default: the latest complete year in the data.")


class Failed(click.ClickException):
    exit_code = 2


class Unexpected(click.ClickException):
    """Not a known kind of bad input: one line naming what was being read, and how to see
    the traceback. The exception's own text is not shown (it may quote a value)."""

    exit_code = 1


class Commands(click.Group):
    """Every command: a known failure prints its message, anything else one line (unless
    --debug, which shows the traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (YamlInvalid, MarkupRefused) as error:
            raise Failed(str(error)) from None
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if ctx.params.get("debug"):
                raise
            from report import activity

            where = activity.current() or f"running '{ctx.invoked_subcommand}'"
            raise Unexpected(f"unexpected {type(error).__name__} while {where}; run "
                             f"'nbcr-report --debug {ctx.invoked_subcommand} ...' to see the "
                             f"traceback") from None


def _problems(error: ValidationFailed) -> Failed:
    return Failed(error.report())


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nbcr-report")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an unexpected error.")
def main(debug: bool) -> None:
    """Build the annual report of the Norwegian Breast Cancer Registry."""


@main.command()
@click.option("--seed", type=int, default=2025, show_default=True, help="Random seed.")
@click.option("--scale", type=click.FloatRange(min=0, min_open=True, max=1000), default=1.0,
              show_default=True,
              help="Volume relative to the national one (100 = a hundred times Norway).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder. Default: data/synthetic.")
def synth(seed: int, scale: float, out: Path | None) -> None:
    """Write a synthetic de-identified dataset (deterministic for a seed)."""
    from report import synth as generator
    from report import workspace
    from report.ingest import extracts, schema

    out = out or extracts.DEFAULT_DATASET
    try:
        workspace.check_dataset_folder(out, tuple(t.name for t in schema.EXTRACTS))
    except workspace.OutputRefused as error:
        raise Failed(str(error)) from None
    start = time.perf_counter()
    generator.generate(out, seed=seed, scale=scale)
    click.echo(f"synthetic dataset (seed {seed}, scale {scale:g}) written to {out} "
               f"in {time.perf_counter() - start:.1f} s")


@main.command()
@dataset_options
def validate(extracts_dir: Path | None, reference: Path | None) -> None:
    """Check a dataset against the extract contract and print every problem."""
    from report.ingest import extracts

    dataset = extracts.locate(extracts_dir)
    con, problems = extracts.validate(dataset, reference)
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
              for t in dataset.files if not problems}
    con.close()
    if problems:
        raise _problems(ValidationFailed(problems))
    rows = ", ".join(f"{t} {n:,}" for t, n in counts.items())
    click.echo(f"{dataset.root}: valid ({rows})")


def previous_option(command):
    return click.option(
        "--previous", type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="The previous edition's published site (or its data folder): the disclosure "
        "audit then keeps every hidden count protected against both editions together.")(command)


@main.command()
@dataset_options
@year_option
@previous_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("_results"),
              show_default=True, help="Results folder; the tables go to OUT/data (where the "
              "chapters read them, for our renderer and for Quarto alike).")
def results(extracts_dir: Path | None, reference: Path | None, year: int | None,
            previous: Path | None, out: Path) -> None:
    """Validate, compute every result, apply disclosure control and write OUT/data."""
    from report import build as builder
    from report.compute import results as layer
    from report.publish.editions import PreviousError

    start = time.perf_counter()
    from report import workspace

    try:
        with workspace.project_lock():
            folder, report_year, _, reused = builder.published_data(
                extracts_dir, year, reference, out, previous)
    except ValidationFailed as error:
        raise _problems(error) from None
    except (layer.NoData, workspace.OutputRefused, PreviousError) as error:
        raise Failed(str(error)) from None
    files = len(list(folder.iterdir()))
    how = "up to date" if reused else "written"
    click.echo(f"report year {report_year}: {files} files {how} in {folder} "
               f"in {time.perf_counter() - start:.1f} s")


@main.command()
@dataset_options
@year_option
@previous_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("_site"),
              show_default=True, help="Site folder, replaced only when the build succeeds, "
              "and only if it is empty or holds a previous build.")
@click.option("--quiet", is_flag=True, help="No progress bar (for CI).")
def build(extracts_dir: Path | None, reference: Path | None, year: int | None,
          previous: Path | None, out: Path, quiet: bool) -> None:
    """Validate, compute every result, render both languages and the national PDFs."""
    from report import build as builder
    from report.compute import results as layer
    from report.content.improvement import NoteRefused
    from report.publish.diff import NotPublished
    from report.publish.editions import PreviousError
    from report.render import RenderError

    def stage(name: str) -> None:
        if not quiet:
            click.echo(f"- {name}", err=True)

    from report import workspace

    try:
        done = builder.build(extracts_dir, year, out, reference, quiet, stage,
                             previous=previous)
    except ValidationFailed as error:
        raise _problems(error) from None
    except (layer.NoData, RenderError, workspace.OutputRefused, NoteRefused, NotPublished,
            PreviousError) as error:
        raise Failed(str(error)) from None
    click.echo(f"report year {done.year}: {done.pages} pages and {len(done.pdfs)} PDFs in "
               f"{done.out} ({done.timings['total']:.1f} s)")


@main.command()
@click.argument("hospital_id")
@click.option("--lang", "langs", type=click.Choice(["nb", "en"]), multiple=True,
              help="Language(s) of the PDF. Default: both.")
@dataset_options
@year_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("_site"),
              show_default=True, help="Site folder; the PDF goes to OUT/downloads/hospitals/.")
def hospital(hospital_id: str, langs: tuple[str, ...], extracts_dir: Path | None,
             reference: Path | None, year: int | None, out: Path) -> None:
    """Make one hospital's report: downloads/hospitals/<HOSPITAL_ID>-<lang>.pdf."""
    from report import build as builder
    from report import workspace
    from report.compute import results as layer
    from report.render import RenderError

    try:
        written = builder.hospital_reports(hospital_id, langs or builder.PROFILES,
                                           extracts_dir, year, out, reference)
    except ValidationFailed as error:
        raise _problems(error) from None
    except (layer.NoData, builder.UnknownHospital, RenderError,
            workspace.OutputRefused) as error:
        raise Failed(str(error)) from None
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("published", type=click.Path(exists=True, file_okay=False, path_type=Path))
@dataset_options
@previous_option
def verify(published: Path, extracts_dir: Path | None, reference: Path | None,
           previous: Path | None) -> None:
    """Rebuild every published table and compare it cell by cell with PUBLISHED.

    PUBLISHED is a published site (with data/) or its data folder. Every CSV and Parquet file
    is compared row by row (rows named by their keys) and the manifest's hashes are checked
    against the published files and the rebuild. The published folder is also checked on its
    own: counts are numbers (a hidden count empty, its '<5' in <column>_label), CSV and
    Parquet agree, every hidden cell is in suppression_log.csv and every column in
    dictionary.csv. A site's Excel workbooks (downloads/*.xlsx) are compared byte for byte
    with the ones written from the rebuild. An edition audited with a previous one is rebuilt
    with the same --previous (its manifest names the previous edition's report year and hash).
    Exit code 0 when everything matches, 1 with the differences otherwise.
    """
    import tempfile

    from report import activity
    from report.compute import results as layer
    from report.publish import manifest as manifests
    from report.publish import outputs
    from report.publish import verify as check
    from report.publish.editions import PreviousError

    folder = published / "data" if (published / "data").is_dir() else published
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise Failed(f"{folder}: no manifest.json, so this is not a published data folder")
    site_downloads = folder.parent / "downloads"
    odd = check.not_plain_files(folder, site_downloads if folder.name == "data" else None)
    if odd:
        raise Failed(f"{odd[0]}: expected a published file; found a link or a special file, "
                     "which verify does not read")
    try:
        meta, year = manifests.read_manifest(manifest)
    except manifests.NotAManifest as error:
        raise Failed(str(error)) from None
    _same_previous(manifest, meta.get("previous_edition"), previous)
    try:
        result_set = layer.compute(extracts_dir, year, reference, previous=previous)
    except ValidationFailed as error:
        raise _problems(error) from None
    except (PreviousError, layer.NoData) as error:
        raise Failed(f"{manifest}: report_year {year}: {error}") from None
    from report.compute import registry

    activity.note(folder, "checking the published folder")
    catalogue = registry.catalogue()
    problems = check.check_shape(folder, check.protected_columns(catalogue),
                                 registry.settings().rules.min_count)
    books = sorted(site_downloads.glob("*.xlsx")) if folder.name == "data" else []
    with tempfile.TemporaryDirectory() as tmp:
        rebuilt = outputs.write(result_set, Path(tmp), reference)
        keys = {q.id: q.keys for q in catalogue.tables}
        differences = check.compare(folder, rebuilt, keys)
        changed = check.input_changes(folder, rebuilt)
        if books:
            from report.content import workbook

            workbook.write_all(rebuilt, Path(tmp) / "downloads")
            differences += check.compare_workbooks(site_downloads, Path(tmp) / "downloads")
    tables = len(list(folder.glob("*.csv")))
    files = len(list(folder.glob("*.parquet"))) + tables + 1
    if not differences and not problems:
        also = f" and {len(books)} Excel workbooks" if books else ""
        click.echo(f"all {tables} tables match: {files} files (CSV, Parquet and the manifest) "
                   f"checked{also} ({folder}, report year {year}); every count is a number, "
                   f"every hidden count is empty and logged with its label beside it, and "
                   f"every column is in the dictionary")
        return
    for problem in problems[: check.SHOWN]:
        click.echo(f"  {problem}")
    if len(problems) > check.SHOWN:
        click.echo(f"  ... and {len(problems) - check.SHOWN} more problems of shape")
    for difference in differences[: check.SHOWN]:
        click.echo(f"  {difference}")
    more = len(differences) - check.SHOWN
    if more > 0:
        click.echo(f"  ... and {more} more")
    if changed:
        click.echo("inputs or queries that differ from the published manifest: "
                   + ", ".join(changed))
    raise click.exceptions.Exit(1)


def _same_previous(manifest: Path, recorded, given: Path | None) -> None:
    """Refuse to verify against a different previous edition than the one the build used."""
    from report.publish.editions import PreviousError, read

    if recorded is None and given is None:
        return
    if recorded is None:
        raise Failed(f"{manifest}: this edition was not audited with a previous one; "
                     "verify it without --previous")
    if given is None:
        raise Failed(f"{manifest}: this edition was audited with the edition for "
                     f"{recorded.get('report_year')}; pass that edition's site as --previous")
    try:
        found = read(given, []).identity
    except PreviousError as error:
        raise Failed(str(error)) from None
    if found != recorded:
        raise Failed(f"{given}: not the previous edition this one was audited with (its "
                     f"manifest differs from the one recorded in {manifest})")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
def diff(old: Path, new: Path) -> None:
    """What changed between two published editions, table by table and cell by cell.

    OLD and NEW are published sites (with data/) or their data folders. Each edition's
    published CSV files are read through its manifest.json; rows are matched by each table's
    key columns, and every cell that differs is printed with its old and new value (a value
    that became empty is marked hidden, an empty cell that got a value shown), then the rows
    added and removed. Exit code 0 when nothing changed, 1 when something did.
    """
    from report.publish import diff as differ

    try:
        found = differ.compare(old, new)
    except differ.NotPublished as error:
        raise Failed(str(error)) from None
    click.echo(differ.text(found), nl=False)
    if found.changed:
        raise click.exceptions.Exit(1)


def _register_render() -> None:
    from report.render.command import render

    main.add_command(render)


_register_render()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
