"""nbcr-report: the annual report of the Norwegian Breast Cancer Registry."""

__version__ = "0.1.0"
