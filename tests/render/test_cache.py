"""Incremental and deterministic builds."""

from pathlib import Path

from report.render import render_project


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_rebuild_with_nothing_changed_executes_no_cell_and_gives_the_same_bytes(book):
    project, first = book
    before = snapshot(first.output_dir)
    again = render_project(project, params={"unit": "Testby"}, quiet=True)
    assert again.executed == 0
    assert [cached for _, _, cached in again.documents] == [True] * len(again.documents)
    assert snapshot(again.output_dir) == before


def test_changing_a_parameter_reexecutes(book, tmp_path):
    project, _ = book
    result = render_project(project, profiles=["en"], params={"unit": "Other"}, quiet=True,
                            output_dir=tmp_path / "out", formats=("html",), search=False)
    assert result.executed == 1  # only the page with a parameters cell
    assert "unit Other" in (tmp_path / "out" / "resultater.html").read_text(encoding="utf-8")


def test_two_cold_builds_are_byte_identical(book, tmp_path, copy_book):
    _, first = book
    second = render_project(copy_book(tmp_path), params={"unit": "Testby"}, quiet=True)
    a, b = snapshot(first.output_dir), snapshot(second.output_dir)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_parameters_reach_only_documents_that_declare_them(tmp_path, make_project):
    from report.render.execute import relevant_params
    from report.render.qmd import parse_file

    make_project(tmp_path, {
        "cell.qmd": "```{python}\n#| tags: [parameters]\na = 1\n```\n",
        "front.qmd": "---\nparams:\n  a: 1\n---\n\n```{python}\na\n```\n",
        "none.qmd": "```{python}\n1\n```\n",
    })
    given = {"a": 2, "b": 3}
    seen = {name: relevant_params(parse_file(tmp_path / f"{name}.qmd", {}, tmp_path), given)
            for name in ("cell", "front", "none")}
    assert seen == {"cell": {"a": 2, "b": 3}, "front": {"a": 2}, "none": {}}


def test_a_changed_cache_input_reexecutes(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: website\ncache-inputs: [data/*.csv]\n",
        "index.qmd": "```{python}\nprint(open('data/n.csv').read())\n```\n",
        "data/n.csv": "1\n",
    })
    run = dict(quiet=True, search=False)
    assert render_project(tmp_path, **run).executed == 1
    assert render_project(tmp_path, **run).executed == 0
    (tmp_path / "data" / "n.csv").write_text("2\n")
    assert render_project(tmp_path, **run).executed == 1
    assert "2" in (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")


def test_a_changed_project_module_reexecutes_only_the_documents_that_loaded_it(tmp_path,
                                                                               make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: website\n",
        "index.qmd": "```{python}\nimport helper\nprint('value', helper.VALUE)\n```\n",
        "other.qmd": "```{python}\nprint('plain')\n```\n",
        "helper.py": "VALUE = 1\n",
        "notes/unrelated.txt": "a\n",
    })
    run = dict(quiet=True, search=False, formats=("html",))
    assert render_project(tmp_path, **run).executed == 2
    (tmp_path / "notes" / "unrelated.txt").write_text("b\n")
    assert render_project(tmp_path, **run).executed == 0
    (tmp_path / "helper.py").write_text("VALUE = 2\n")
    again = render_project(tmp_path, **run)
    # index.qmd imported helper; other.qmd ran after it in the same kernel, so it is keyed by
    # helper too (modules stay loaded): both run again, and the page shows the new value.
    assert again.executed >= 1
    assert "value 2" in (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")


RENDER_ONE = """
import sys
from pathlib import Path
from report.render import render_project
result = render_project(Path(sys.argv[1]), profiles=["en"], params={"unit": "Testby"},
                        quiet=True, formats=("html",), search=False)
import report.render
print("executed", result.executed, "from", Path(report.render.__file__).parent)
"""


def test_an_edit_to_the_renderers_own_code_rebuilds_what_it_rendered(tmp_path, copy_book):
    """The renderer's code keys every cached artefact: a project needs to list nothing."""
    import shutil
    import subprocess
    import sys

    package = tmp_path / "pkg" / "report"
    shutil.copytree(Path(__file__).resolve().parents[2] / "report", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    project = copy_book(tmp_path / "project")
    env = {**__import__("os").environ, "PYTHONPATH": str(package.parent)}

    def render() -> str:
        done = subprocess.run([sys.executable, "-c", RENDER_ONE, str(project)], env=env,
                              capture_output=True, text=True, check=True, cwd=tmp_path)
        return done.stdout.strip().splitlines()[-1]

    first = render()
    assert first.endswith(f"from {package / 'render'}")  # the copy, not the checkout
    executed = int(first.split()[1])
    assert executed > 0
    assert render().split()[1] == "0"
    plot = package / "render" / "plot.py"
    plot.write_text(plot.read_text() + "\n# an edit\n")
    assert render().split()[1] == str(executed)


def test_the_search_index_entry_lists_languages_in_a_fixed_order(tmp_path):
    """Pagefind writes its languages in hash-map order; the renderer sorts them."""
    from report.render.site import _sort_entry

    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version":"1","languages":{"nb":{"page_count":2},"en":{"page_count":2}},'
                     '"include_characters":["_","‿"]}', encoding="utf-8")
    _sort_entry(entry)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1","languages":{"en":{"page_count":2},"nb":{"page_count":2}},'
        '"include_characters":["_","‿"]}')
