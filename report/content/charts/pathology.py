"""Charts of the pathology chapter: grade and Ki-67 distributions by laboratory."""

from __future__ import annotations

import altair as alt
import pandas as pd

from report.content import i18n, theme
from report.content.pathology import CATEGORIES, category_word, laboratory_names

from ._common import count_texts, enc, finish, label_axis, one_decimal


def laboratory_distribution(frame: pd.DataFrame, result: str, units: pd.DataFrame, year: int,
                            lang: str):
    """Stacked horizontal bars: each laboratory's reports by category (grade or Ki-67 band) in
    YEAR, the nation last; hidden shares are left out."""
    column, codes = CATEGORIES[result]
    rows = frame[(frame["year"] == year) & (frame[column] != "all")]
    lab_names = laboratory_names(units, lang)
    labs = sorted(x for x in rows["laboratory_id"].unique() if x != "all")
    labs += ["all"] if (rows["laboratory_id"] == "all").any() else []
    order = [lab_names.get(x, x) for x in labs]
    words = [category_word(column, c, lang) for c in codes]
    lab_col, pct = i18n.t("column.laboratory", lang), i18n.t("axis.percent", lang)
    category, cases = i18n.t(f"chart.{column}", lang), i18n.t("column.cases", lang)
    hidden = rows["suppressed"] | rows["percent"].isna()
    data = pd.DataFrame({
        lab_col: [lab_names.get(x, x) for x in rows["laboratory_id"]],
        category: [category_word(column, c, lang) for c in rows[column]],
        "_order": [codes.index(c) for c in rows[column]],
        pct: one_decimal(rows["percent"].where(~hidden)),
        cases: count_texts(rows, "cases", lang),
    }).sort_values([lab_col, "_order"])
    colours = [theme.PALETTE[i % 6] for i in range(len(codes))]
    chart = alt.Chart(data).mark_bar().encode(
        enc(alt.Y, lab_col, "nominal", sort=order,
            axis=label_axis(order, bold=(order[-1],) if order else ())),
        enc(alt.X, pct, "quantitative", stack="zero", scale=alt.Scale(domain=[0, 100])),
        color=enc(alt.Color, category, "nominal", sort=words,
                  scale=alt.Scale(domain=words, range=colours)),
        order=alt.Order("_order:Q"),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (lab_col, category, cases)]
        + [enc(alt.Tooltip, pct, "quantitative", format=".1f")],
    ).properties(width=theme.WIDTH, height=26 * max(len(order), 1))
    desc = i18n.t("chart.desc.laboratory_distribution", lang,
                  variable=i18n.t(f"chart.words.{column}", lang),
                  year=year, laboratories=len(labs) - ("all" in labs))
    return finish(chart, lang, desc, omit=("_order",))
