"""`nbcr-report render`: the command line face of the renderer."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from .errors import RenderError


def _parse_params(values: tuple[str, ...]) -> dict:
    params = {}
    for item in values:
        key, sep, value = item.partition(":")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not key:value", param_hint="-P")
        params[key.strip()] = yaml.safe_load(value) if value.strip() else ""
    return params


@click.command()
@click.argument("project_dir", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--profile", "profiles", default=None,
              help="Comma-separated profiles; each is rendered and the trees are linked.")
@click.option("-P", "--execute-param", "params", multiple=True, metavar="KEY:VALUE",
              help="Override a value of the cell tagged 'parameters'. Repeatable.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the site here instead of the project's output-dir.")
@click.option("--to", "formats", type=click.Choice(["html", "typst"]), multiple=True,
              help="Only these formats (default: what the project's format: declares).")
@click.option("--no-cache", is_flag=True,
              help="Execute every cell again, ignoring (and not storing) cached results.")
@click.option("--quiet", is_flag=True, help="No progress bar (for CI).")
def render(project_dir: Path, profiles: str | None, params: tuple[str, ...],
           output_dir: Path | None, formats: tuple[str, ...], no_cache: bool,
           quiet: bool) -> None:
    """Render a Quarto project (default: this folder) to a website and PDFs."""
    from .render import render_project

    names = [p.strip() for p in profiles.split(",") if p.strip()] if profiles else None
    try:
        result = render_project(project_dir, names, _parse_params(params), quiet=quiet,
                                output_dir=output_dir, formats=formats or None,
                                cache=not no_cache)
    except RenderError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(f"wrote {len(result.files)} files to {result.output_dir} "
                   f"in {result.timings['total']:.1f} s "
                   f"({result.executed} documents executed)")
