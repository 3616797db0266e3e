"""Where things live in a checkout: the project folder and its fixed subfolders."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO / "data" / "synthetic"
DEFAULT_REFERENCE = REPO / "data" / "reference"
QUERIES = REPO / "queries"
CACHE = REPO / ".nbcr-cache"
# The published tables before rendering: outside the site, which Quarto empties before a
# full render, and read by the chapters of both renderers (ours and Quarto).
RESULTS = REPO / "_results"
