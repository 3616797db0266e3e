"""The `nbcr-report` command line."""

from __future__ import annotations

import click

from report import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nbcr-report")
def main() -> None:
    """Build the annual report of the Norwegian Breast Cancer Registry."""


def _register_render() -> None:
    from report.render.command import render

    main.add_command(render)


_register_render()
