"""Small multiples drawn in Typst: round ticks, positions on linear and log axes, and a grid
that compiles with every title, tick label and legend entry as real text."""

import subprocess

import pytest
import typst

from report.render import plot
from report.render.charts import FONTS


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (17.3, 98.2, (0, 100, [0, 25, 50, 75, 100])),   # step 25 (2.5 x 10): 4 steps
    (85.6, 100.0, (85, 100, [85, 90, 95, 100])),     # step 5
    (0.0, 8.0, (0, 8, [0, 2, 4, 6, 8])),             # step 2
    (50.0, 50.0, (49, 51, [49, 49.5, 50, 50.5, 51])),  # a single value gets a range
])
def test_nice_ticks_widen_the_range_to_round_steps(lo, hi, expected):
    low, high, ticks = plot.nice_ticks(lo, hi, 4)
    assert (low, high, ticks) == expected


def test_log_axis_puts_each_decade_the_same_distance_apart():
    axis = plot.Axis(10, 1000, (10, 100, 1000), ("10", "100", "1000"), log=True)
    assert axis.at(10, 100) == 0
    assert axis.at(100, 100) == pytest.approx(50)
    assert axis.at(1000, 100) == pytest.approx(100)
    linear = plot.Axis(0, 100, (0, 50, 100), ("0", "50", "100"))
    assert linear.at(25, 80) == pytest.approx(20)


def test_small_multiples_compile_with_titles_ticks_and_legend_as_text(tmp_path):
    y = plot.Axis(0, 100, (0, 50, 100), ("0", "50", "100"))
    x = plot.Axis(2019.5, 2021.5, (2020, 2021), ("2020", "2021"))
    panels = [plot.Panel(f"Indikator {i} med et langt navn", x, y, [
        plot.Series((2020, 2021), (40.0, 60.0), "#56B4E9", "line"),
        plot.Series((2020, 2021), (40.0, 60.0), "#000000", "points", size=1.5)])
        for i in range(4)]
    markup = plot.small_multiples(panels, [("Dette sykehuset", "#56B4E9", "line"),
                                           ("Landet", "#000000", "point")])
    source = tmp_path / "main.typ"
    source.write_text('#set text(font: "DejaVu Sans", lang: "nb")\n' + markup, "utf-8")
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(typst.compile(str(source), font_paths=[str(FONTS)],
                                  ignore_system_fonts=True))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for i in range(4):
        assert f"Indikator {i}" in text
    assert text.count("2020") == 4 and "Dette sykehuset" in text and "Landet" in text
    assert markup.count("circle(") == 4 * 2 + 1  # two points per panel, one legend key
