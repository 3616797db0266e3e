"""Stage 2, computing: the indicator catalogue, every query run once for the report year, and
the statistics (percentages, intervals, rates). Works on unsuppressed counts."""
