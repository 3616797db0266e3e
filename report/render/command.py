"""`nbcr-report render`: placeholder until the renderer lands."""

import click


@click.command()
def render() -> None:
    """Render a Quarto project (not yet implemented)."""
    raise click.ClickException("the renderer is not implemented yet")
