"""Chart builders: each takes published (suppressed) frames, the year where relevant and the
language, and returns an Altair chart with its description (alt text) set. No titles:
captions come from the chapter. Colours, fonts and the number locale come from report.theme.
"""

from report import theme  # noqa: F401  (registers and enables the theme)

from .indicators import indicator_bars, indicator_funnel, indicator_trend

__all__ = ["indicator_bars", "indicator_funnel", "indicator_trend"]
