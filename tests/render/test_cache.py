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
