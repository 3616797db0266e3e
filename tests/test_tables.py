"""Table cells: the status matrix shows whole per cent unless that would put the shown value
on the other side of a target level than its status."""

import pytest

from report.compute import registry
from report.content import tables

HIGHER = registry.Target(moderate=80.0, high=90.0, direction="higher", source="test")
LOWER = registry.Target(moderate=20.0, high=10.0, direction="lower", source="test")


@pytest.mark.parametrize(("percent", "status", "target", "lang", "shown"), [
    (92.4, "high", HIGHER, "nb", "●\u00a092"),          # far from a level: whole per cent
    (89.6, "moderate", HIGHER, "nb", "■\u00a089,6"),    # '90' would read as high
    (89.6, "moderate", HIGHER, "en", "■\u00a089.6"),
    (79.5, "low", HIGHER, "nb", "▲\u00a079,5"),         # '80' would read as moderate
    (89.4, "moderate", HIGHER, "nb", "■\u00a089"),      # rounds down: stays whole
    (10.4, "moderate", LOWER, "nb", "■\u00a010,4"),     # lower is better: '10' reads high
    (9.6, "high", LOWER, "nb", "●\u00a010"),            # 9.6 and 10 are both high
    (97.96, "moderate", registry.Target(90.0, 98.0, "higher", "test"), "nb",
     "■\u00a097,96"),                                   # '98,0' would still read as high
])
def test_matrix_cell_keeps_a_decimal_where_rounding_would_cross_a_target(
        percent, status, target, lang, shown):
    assert tables.status_cell(percent, status, lang, target) == shown


def test_hidden_matrix_cell_is_empty():
    assert tables.status_cell(float("nan"), None, "nb", HIGHER) == ""
