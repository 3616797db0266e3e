"""Chart builders on the real published (suppressed) results: every chart renders in both
languages, says what it shows in the language, and never shows a hidden value."""

import re
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

from report.compute import registry, results
from report.content import charts, fmt, hospital, i18n, theme
from report.content import key_figures as figures
from report.content import published as data
from report.content.charts import _common as common
from report.content.charts import hospital as hcharts
from report.publish import outputs
from report.render.charts import chart_rows

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "report" / "render" / "assets" / "fonts"
LANGS = ("nb", "en")
INDICATOR = "mri_neoadjuvant"  # has hospitals hidden by both rules in the synthetic data
HOSPITAL = "h01"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    outputs.write(results.compute(), out)
    vl_convert.register_font_directory(str(FONTS))
    return data.load(out / "data")


BUILDERS = {
    "indicator_bars": lambda r, lang: charts.indicator_bars(
        r.table("indicators"), r.table("units"), INDICATOR, r.year, lang),
    "indicator_funnel": lambda r, lang: charts.indicator_funnel(
        r.table("indicators"), r.table("units"), "bcs_small_invasive", r.year, lang),
    "indicator_trend": lambda r, lang: charts.indicator_trend(
        r.table("indicators"), r.table("units"), "pathway_time", lang),
    "volume_bars": lambda r, lang: charts.volume_bars(
        r.table("volume"), r.table("units"), r.year, lang),
    "volume_trend": lambda r, lang: charts.volume_trend(r.table("volume"), r.table("units"), lang),
    "coverage_bars": lambda r, lang: charts.coverage_bars(
        r.table("coverage"), r.table("units"), "radiology", r.year, lang),
    "cases_by_year": lambda r, lang: charts.cases_by_year(r.table("new_cases"), lang),
    "age_specific_rates": lambda r, lang: charts.age_specific_rates(
        r.table("cases_by_age"), r.year, lang),
    "incidence_trend": lambda r, lang: charts.incidence_trend(r.table("incidence_rates"), lang),
    "region_rates": lambda r, lang: charts.region_rates(
        r.table("incidence_by_region"), r.table("units"), r.year, "norway_2014", lang),
    "county_rates": lambda r, lang: charts.county_rates(
        r.table("incidence_by_county"), r.table("units"), r.year, "world_segi", lang),
    "distribution_stage": lambda r, lang: charts.distribution(r.table("stage"), "stage", lang),
    "distribution_subtype": lambda r, lang: charts.distribution(
        r.table("subtype"), "subtype", lang),
    "screen_share": lambda r, lang: charts.screen_share(r.table("screen_detected"), lang),
    "pathway_chart": lambda r, lang: charts.pathway_chart(
        r.table("pathway_times"), r.table("units"), r.year, lang),
    "neoadjuvant_chart": lambda r, lang: charts.neoadjuvant_chart(
        r.table("neoadjuvant_by_subtype"), r.year, lang),
    "survival_curves_stage": lambda r, lang: charts.survival_curves(
        r.table("survival_curves"), "stage", lang),
    "survival_curves": lambda r, lang: charts.survival_curves(
        r.table("survival_curves"), "all", lang),
    "survival_trend": lambda r, lang: charts.survival_trend(r.table("survival"), lang),
    "survival_regions": lambda r, lang: charts.survival_regions(
        r.table("survival"), r.table("units"), r.year, lang),
    # one hospital's own report: the largest hospital (every indicator shown)
    "hospital_volume": lambda r, lang: hcharts.hospital_volume(
        r.table("volume"), r.table("units"), HOSPITAL, r.year, lang,
        registry.settings().min_operations, patients=hospital.new_cases(r, HOSPITAL)),
    "hospital_indicators": lambda r, lang: hcharts.hospital_indicators(
        r.table("indicators"), r.table("units"), HOSPITAL, r.year, lang),
    "hospital_trend": lambda r, lang: hcharts.hospital_trend(
        r.table("indicators"), r.table("units"), HOSPITAL, r.year, lang),
    "hospital_funnels": lambda r, lang: hcharts.hospital_funnels(
        r.table("indicators"), r.table("units"), HOSPITAL, r.year, lang),
    "hospital_coverage": lambda r, lang: hcharts.hospital_coverage(
        r.table("coverage"), r.table("units"), HOSPITAL, r.year, lang,
        registry.settings().coverage_satisfactory, figures.FORM_ORDER),
}


@pytest.fixture(scope="session")
def specs(published):
    # to_dict() validates against the Vega-Lite schema: the build skips that check
    # (`vegalite-validate: false` in _quarto.yml) because every builder is checked here
    return {(name, lang): build(published, lang).to_dict()
            for name, build in BUILDERS.items() for lang in LANGS}


def rows(spec: dict) -> list[dict]:
    """The chart's own data (what the renderer shows as the data table)."""
    return chart_rows(spec)


def layer_rows(spec: dict) -> list[list[dict]]:
    """Every layer's own data (reference lines carry their own)."""
    return [spec["datasets"][layer["data"]["name"]] for layer in spec.get("layer", [])
            if "name" in layer.get("data", {})]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", BUILDERS)
def test_chart_renders_to_svg_with_one_title_per_axis(specs, name, lang):
    svg = vl_convert.vegalite_to_svg(specs[(name, lang)])
    assert svg.startswith("<svg") and "<text" in svg
    titles = re.findall(r"aria-label=\"([XY])-axis titled '([^']*)'", svg)
    assert all("," not in t or "100,000" in t for _, t in titles), titles
    # the hospital's small multiples leave their axes untitled: the caption names them
    assert bool(titles) != (name in ("hospital_trend", "hospital_funnels")), titles


@pytest.mark.parametrize("name", BUILDERS)
def test_description_is_set_and_in_the_language(specs, name):
    nb, en = specs[(name, "nb")]["description"], specs[(name, "en")]["description"]
    assert nb and en and nb != en
    key = "chart.desc." + {"region_rates": "unit_rates", "county_rates": "unit_rates"}.get(
        name, name.split("_stage")[0].split("_subtype")[0])
    if name.startswith("hospital_"):
        key = "hchart.desc." + name.removeprefix("hospital_")
    for lang, text in (("nb", nb), ("en", en)):
        assert text.startswith(i18n.t(key, lang).split(":")[0].split("{")[0].strip())


@pytest.mark.parametrize("name", BUILDERS)
def test_data_fields_are_readable_names_without_dots_or_brackets(specs, name):
    for lang in LANGS:
        for column in rows(specs[(name, lang)])[0]:
            assert not re.search(r"[.\[\]]", column), (name, lang, column)


@pytest.mark.parametrize("name", BUILDERS)
def test_data_table_headings_are_the_field_names(specs, name):
    # the renderer heads the data table with an encoding's title: a whisker titled like the
    # bar's axis would show "Andel (%)" over the interval columns
    for lang in LANGS:
        spec = specs[(name, lang)]
        layers = [spec, *spec.get("layer", []), *spec.get("spec", {}).get("layer", [])]
        wrong = [(e["field"], e["title"]) for layer in layers
                 for e in (layer.get("encoding") or {}).values()
                 if isinstance(e, dict) and e.get("field") and isinstance(e.get("title"), str)
                 and e["title"] != e["field"].replace("\\", "")]
        assert wrong == [], (name, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_bars_sort_shown_hospitals_by_percent(specs, lang):
    data_rows = rows(specs[("indicator_bars", lang)])
    hospital = i18n.t("unit_level.hospital", lang)
    level, pct = i18n.t("chart.level", lang), i18n.t("axis.percent", lang)
    shown = [r[pct] for r in data_rows if r[level] == hospital and r[pct] is not None]
    assert len(shown) > 3
    assert shown == sorted(shown, reverse=True)


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_bars_draws_one_bar_per_shown_unit(published, specs, lang):
    ind = published.table("indicators")
    year_rows = ind[(ind.indicator_id == INDICATOR) & (ind.period == published.year)
                    & ind.unit_level.isin(["nation", "region", "hospital"])]
    svg = vl_convert.vegalite_to_svg(specs[("indicator_bars", lang)])
    assert svg.count('aria-roledescription="bar"') == int(year_rows.percent.notna().sum())
    hospitals = year_rows[year_rows.unit_level == "hospital"]
    assert hospitals.percent.isna().any()  # the test needs hidden hospitals to mean anything


@pytest.mark.parametrize("lang", LANGS)
def test_hospitals_without_a_rate_appear_only_as_the_reason(published, specs, lang):
    """Under the minimum denominator a hospital shows no share, interval or status, only the
    reason (too few patients); no hospital is hidden to protect another cell."""
    ind = published.table("indicators")
    hidden = ind[(ind.indicator_id == INDICATOR) & (ind.period == published.year)
                 & (ind.unit_level == "hospital") & ind.percent.isna()]
    names = published.table("units").set_index("unit_id")[f"name_{lang}"]
    by_unit = {r[i18n.t("axis.unit", lang)]: r for r in rows(specs[("indicator_bars", lang)])}
    reasons = set()
    for h in hidden.itertuples():
        row = by_unit[names[h.unit_id]]
        note = row.pop(i18n.t("chart.note", lang))
        assert note == i18n.t(f"suppressed.{h.suppression_rule}", lang)
        reasons.add(h.suppression_rule)
        values = {k: v for k, v in row.items()
                  if k not in (i18n.t("axis.unit", lang), i18n.t("chart.level", lang),
                               i18n.t("column.n", lang))}
        assert all(v in (None, "") for v in values.values()), values
    assert reasons == {"denominator_under_min"}


def test_indicator_bars_target_lines_are_the_yaml_targets(specs):
    target = registry.catalogue().get(INDICATOR).target
    for lang in LANGS:
        lines = [r for layer in layer_rows(specs[("indicator_bars", lang)]) for r in layer]
        values = {r[i18n.t("intro.targets", lang)]: r[i18n.t("axis.percent", lang)]
                  for r in lines}
        assert values == {i18n.t("target.moderate", lang): target.moderate,
                          i18n.t("target.high", lang): target.high}


def test_indicator_with_only_a_high_target_draws_one_line(published):
    chart = charts.indicator_bars(published.table("indicators"), published.table("units"),
                                  "pathway_time", published.year, "en").to_dict()
    lines = [r for layer in layer_rows(chart) for r in layer]
    assert [r["Target levels"] for r in lines] == ["High target"]


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_bars_n_labels_use_the_language_number_format(published, specs, lang):
    ind = published.table("indicators")
    nation = ind[(ind.indicator_id == "single_operation") & (ind.period == published.year)
                 & (ind.unit_level == "nation")].denominator.iloc[0]
    assert nation >= 1000
    spec = charts.indicator_bars(ind, published.table("units"), "single_operation",
                                 published.year, lang).to_dict()
    first = rows(spec)[0]
    number = fmt.number(nation, lang)
    assert first[i18n.t("column.n", lang)] == number  # the data table shows the number
    assert ("\u00a0" if lang == "nb" else ",") in number
    assert "N = " + number in texts(vl_convert.vegalite_to_svg(spec))  # the chart's own label


def test_status_is_shown_by_colour_shape_and_word(specs):
    for lang in LANGS:
        spec = specs[("indicator_bars", lang)]
        scales = [enc.get("scale", {}) for layer in spec["layer"]
                  for name, enc in layer.get("encoding", {}).items() if name in ("fill", "shape")]
        words = [theme.status_word(s, lang) for s in theme.STATUS_ORDER]
        assert {"domain": words, "range": [theme.STATUS[s]["color"]
                                           for s in theme.STATUS_ORDER]} in scales
        assert {"domain": words, "range": [theme.STATUS[s]["shape"]
                                           for s in theme.STATUS_ORDER]} in scales


def test_funnel_shows_only_hospitals_with_values(published, specs):
    ind = published.table("indicators")
    shown = ind[(ind.indicator_id == "bcs_small_invasive") & (ind.period == published.year)
                & (ind.unit_level == "hospital") & ind.percent.notna()]
    assert len(rows(specs[("indicator_funnel", "en")])) == len(shown)


@pytest.mark.parametrize(("lang", "tick"), [("nb", "4\u00a0000"), ("en", "4,000")])
def test_axis_ticks_follow_the_language(specs, lang, tick):
    assert tick in texts(vl_convert.vegalite_to_svg(specs[("cases_by_year", lang)]))


def test_volume_bars_line_is_the_configured_minimum(specs):
    minimum = registry.settings().min_operations
    spec = specs[("volume_bars", "nb")]
    for panel in spec["vconcat"]:  # every region's panel draws the line
        assert {"datum": minimum} in [layer["encoding"].get("x") for layer in panel["layer"]]


def test_hidden_volume_is_shown_as_under_five_without_a_bar(published):
    volume = published.table("volume")
    year = volume[volume.year == published.year].copy()
    year.loc[year.index[0], ["primary_operations", "primary_operations_label",
                             "suppressed"]] = [pd.NA, "<5", True]
    spec = charts.volume_bars(year, published.table("units"), published.year, "nb").to_dict()
    hidden = [r for r in rows(spec) if r["Primæroperasjoner"] is None]
    assert len(hidden) == 1 and hidden[0]["Operasjoner"] == "<5"


def test_a_count_hidden_by_another_rule_is_shown_as_hidden_not_as_under_five(published):
    """Only a count whose published label says '<5' is shown so; a count hidden to protect
    another (secondary) or for a small denominator may be of any size."""
    coverage = published.table("coverage")
    rows_ = coverage[(coverage.year == published.year) & (coverage.form_type == "surgery")]
    rows_ = rows_.copy()
    first = rows_.index[rows_.unit_level == "hospital"][0]
    rows_.loc[first, ["expected", "expected_label", "suppressed"]] = [pd.NA, pd.NA, True]
    for lang in ("nb", "en"):
        spec = charts.coverage_bars(rows_, published.table("units"), "surgery",
                                    published.year, lang).to_dict()
        expected = i18n.t("column.expected", lang)
        texts_ = [r[expected] for r in rows(spec)]
        assert "<5" not in texts_
        assert i18n.t("suppressed.short", lang) in texts_


def test_a_published_count_in_a_row_with_a_hidden_share_is_shown_as_its_number():
    frame = pd.DataFrame({"cases": pd.array([250, pd.NA, pd.NA], dtype="Int64"),
                          "cases_label": pd.array([pd.NA, "<5", pd.NA], dtype="string"),
                          "suppressed": [True, True, True]})
    assert common.count_texts(frame, "cases", "nb") == ["250", "<5", "skjult"]
    assert common.count_texts(frame, "cases", "en") == ["250", "<5", "hidden"]


def test_no_hex_colour_outside_the_theme():
    files = sorted((ROOT / "report" / "content" / "charts").rglob("*.py"))
    assert len(files) >= 5  # the chart modules are where this test looks
    found = [(f.name, m) for f in files
             for m in re.findall(r"#[0-9a-fA-F]{3,8}\b", f.read_text("utf-8"))]
    assert found == []


def test_theme_locale_uses_the_formatter_marks():
    assert theme.locale("nb")["number"]["decimal"] == ","
    assert theme.locale("nb")["number"]["thousands"] == "\u00a0"
    assert theme.locale("en")["number"]["thousands"] == ","


def test_every_string_is_plain_text_in_both_languages():
    # an unquoted comma in a YAML flow map silently splits a value ("99,8 %" -> 99)
    bad = [k for k, v in i18n.catalogue().items()
           if set(v) != set(LANGS) or not all(isinstance(x, str) for x in v.values())]
    assert bad == []


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_text_width_is_dejavu_sans():
    # what Chromium measures for DejaVu Sans at 11 px (vl-convert uses the same font file)
    assert abs(theme.text_width("Solvang universitetssykehus") - 156.84) < 1
    assert theme.text_width("Norge", bold=True) > theme.text_width("Norge")


NAMED_BARS = {"indicator_bars": "Enhet", "volume_bars": "Sykehus", "coverage_bars": "Enhet",
              "county_rates": "Fylke", "region_rates": "Region",
              "neoadjuvant_chart": "Subtype", "pathway_chart": "Enhet"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMED_BARS)
def test_unit_names_have_room_in_their_real_font(specs, name, lang):
    # a browser that draws before the web font has loaded measures the names in a narrower
    # fallback font; the axis keeps room for their DejaVu Sans width (bold ones bold)
    spec = specs[(name, lang)]
    y = [e for e in _walk(spec) if e.get("type") == "nominal" and isinstance(e.get("axis"), dict)
         and "minExtent" in e["axis"]]
    assert y, name
    field = y[0]["field"].replace("\\", "")
    labels = {r[field] for r in rows(spec) if r.get(field)}
    bold = {r[field] for r in rows(spec) if r.get(field) and
            r.get(i18n.t("chart.level", lang)) not in (None, i18n.t("unit_level.hospital", lang))}
    widest = max(theme.text_width(v, bold=v in bold) for v in labels)
    assert y[0]["axis"]["minExtent"] >= widest, (name, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["indicator_bars", "coverage_bars", "county_rates",
                                  "neoadjuvant_chart"])
def test_text_beside_the_bars_is_inside_the_view(specs, name, lang):
    spec = specs[(name, lang)]
    width = spec["width"]
    columns = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"
               and layer["encoding"].get("x", {}).get("value", 0) >= theme.BAR_WIDTH]
    assert columns
    n = i18n.t("column.n", lang)
    for layer in columns:
        field = layer["encoding"]["text"]["field"].replace("\\", "")
        shown = [r[field] for r in rows(spec) if r.get(field)]
        if field == "n_label":  # 'N = 3 035', written by the chart from the number in N
            shown = [i18n.t("chart.n_label", lang, n=r[n]) for r in rows(spec) if r.get(n)]
        widest = max(theme.text_width(t) for t in shown)
        assert widest > 0
        assert layer["encoding"]["x"]["value"] + widest <= width, (name, lang, field)


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_reasons_sit_on_a_white_ground_above_the_target_lines(specs, lang):
    layers = specs[("indicator_bars", lang)]["layer"]
    kinds = [(layer["mark"]["type"], layer["mark"].get("color")) for layer in layers]
    rules = max(i for i, (kind, _) in enumerate(kinds) if kind == "rule")
    ground = kinds.index(("rect", "white"))
    note = i18n.t("chart.note", lang)
    text = next(i for i, layer in enumerate(layers)
                if layer["encoding"].get("text", {}).get("field") == note)
    assert rules < ground < text


def test_every_chart_builder_is_checked_against_the_schema_here():
    # the build displays charts without Altair's schema check (vegalite-validate: false):
    # that is safe only while every builder is validated by the specs fixture above
    covered = {name.removesuffix("_stage").removesuffix("_subtype") for name in BUILDERS}
    public = set(charts.__all__) | {n for n in dir(hcharts) if n.startswith("hospital_")
                                    and getattr(hcharts, n).__module__ == hcharts.__name__}
    assert public <= covered, public - covered


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_drawings_show_the_same_points_as_the_web_charts(published, lang):
    # the PDF draws the hospital's charts with Typst, the web with Vega-Lite: same data
    args = (published.table("indicators"), published.table("units"), HOSPITAL, published.year,
            lang)
    funnel = hcharts.hospital_funnels(*args)
    rows = chart_rows(funnel.to_dict())
    limits = {i18n.t(f"hchart.{side}", lang) for side in hcharts.LIMIT_SIDES}
    points = [r for r in rows if r[i18n.t("hchart.series", lang)] not in limits]
    legend_keys = 2
    assert funnel.typst.count("circle(") == len(points) + legend_keys
    trend = hcharts.hospital_trend(*args)
    assert trend.typst.count("circle(") == len(chart_rows(trend.to_dict()))
    volume = BUILDERS["hospital_volume"](published, lang)
    shown = [r for r in chart_rows(volume.to_dict())
             if r[i18n.t("axis.operations", lang)] is not None]
    assert volume.typst.count("rect(") == len(shown) + 1  # the bars and the legend key
    for row in shown:
        assert fmt.number(row[i18n.t("axis.operations", lang)], lang) in volume.typst


def test_survival_regions_shows_each_published_region_against_the_target(published, specs):
    survival = published.table("survival")
    expected = survival[(survival["approach"] == "period") & (survival["period"] == published.year)
                        & (survival["category"] == "all") & (survival["years"] == 5)
                        & (survival["standard"] == "none")
                        & survival["unit_level"].isin(["nation", "region"])
                        & survival["net_survival"].notna()]
    spec = specs[("survival_regions", "en")]
    shown = rows(spec)
    assert len(shown) == len(expected) > 1
    values = sorted(round(r["Net survival (%)"], 1) for r in shown)
    assert values == sorted(round(v, 1) for v in expected["net_survival"])
    target = registry.catalogue().get("survival").target.high
    assert [[row["target"] for row in layer] for layer in layer_rows(spec)] == [[target]]
    low, high = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert low <= min(expected["ci_low"].min(), target) and high >= expected["ci_high"].max()
    assert high - low < 100  # fitted to the estimates, not 0-100


@pytest.mark.parametrize(("values", "start"), [
    ([91.2, 97.5, 85.0], 80),   # lowest 85 -> two points under it, 83 -> the ten below, 80
    ([52.0, 99.0], 50),         # 50 exactly: two points under 52
    ([41.0, 99.0], 0),          # would start at 30: under FIT_FROM, so from 0
    ([35.0, 90.0], 0),
    ([None, float("nan")], 0),  # nothing to show
])
def test_a_share_axis_of_bars_starts_above_zero_only_when_all_values_are_high(values, start):
    assert common.share_axis_start(values) == start


def test_a_fitted_share_axis_has_ticks_to_100_and_a_note():
    assert common.share_ticks(0) == [0, 20, 40, 60, 80, 100]
    assert common.share_ticks(60) == [60, 70, 80, 90, 100]
    assert common.share_ticks(80) == [80, 85, 90, 95, 100]
    assert common.axis_start_note(0, "en") is None
    assert common.axis_start_note(80, "en") == "The axis starts at 80%, not at 0."
    assert common.axis_start_note(80, "nb") == "Aksen starter på 80\u00a0%, ikke på 0."


def test_indicator_bars_of_high_shares_fit_the_axis_keep_the_targets_and_say_so(published):
    ind = registry.catalogue().indicators[0]
    table = published.table("indicators").copy()
    mine = table.indicator_id == ind.id
    table.loc[mine, ["percent", "ci_low", "ci_high"]] = [96.0, 93.0, 98.0]
    spec = charts.indicator_bars(table, published.table("units"), ind.id, published.year,
                                 "en").to_dict()
    lowest = min([93.0] + [float(getattr(ind.target, lv)) for lv in ("moderate", "high")
                           if getattr(ind.target, lv, None) is not None])
    start = int((lowest - 2) // 10 * 10)
    assert start >= common.FIT_FROM  # the case the test is about
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [start, 100]
    assert spec["layer"][0]["mark"]["clip"] is True  # bars cut at the axis start
    assert f"The axis starts at {start}%" in " ".join(spec["title"]["text"])
    assert f"The axis starts at {start}%" in spec["description"]


def test_hospital_volume_legend_keys_look_like_their_marks(published):
    hospital_id = hospital.operating(published)[0]
    volume = published.table("volume")
    cases = pd.DataFrame({"year": sorted(volume.year.unique()), "cases": 100})
    spec = hcharts.hospital_volume(volume, published.table("units"), hospital_id,
                                   published.year, "en", 100, patients=cases).to_dict()
    legends = {}
    for layer in spec["layer"]:
        for channel in ("fill", "stroke", "color"):
            enc = layer.get("encoding", {}).get(channel)
            if isinstance(enc, dict) and isinstance(enc.get("legend"), dict):
                legends[layer["mark"]["type"]] = enc["legend"]["symbolType"]
    assert legends == {"bar": "square", "line": "stroke"}
