"""Chart builders: each takes published (suppressed) frames, the year where relevant and the
language, and returns an Altair chart with its description (alt text) set. No titles:
captions come from the chapter. Colours, fonts and the number locale come from report.theme.
"""

from report.content import theme  # noqa: F401  (registers and enables the theme)

from .incidence import (
    age_specific_rates,
    cases_by_year,
    county_rates,
    incidence_trend,
    region_rates,
)
from .indicators import indicator_bars, indicator_funnel, indicator_trend
from .patients import distribution, neoadjuvant_chart, pathway_chart, screen_share
from .survival import survival_curves, survival_regions, survival_trend
from .volume import coverage_bars, volume_bars, volume_trend

__all__ = ["age_specific_rates", "cases_by_year", "county_rates", "coverage_bars",
           "distribution", "incidence_trend", "indicator_bars", "indicator_funnel",
           "indicator_trend", "neoadjuvant_chart", "pathway_chart", "region_rates",
           "screen_share", "survival_curves", "survival_regions", "survival_trend", "volume_bars",
           "volume_trend"]
