"""A share shown next to a level keeps its side of it: the rule (fmt.side_decimals, in the
target's direction) and the footnote that says why a value has more decimals than the rest."""

import pytest

from report.content import fmt, sides

NBSP = "\u00a0"


# -- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "decimals", "levels", "direction", "places"), [
    (84.96, 1, (70, 85), "higher", 2),   # '85,0' would read as the high level reached
    (92.3, 1, (80, 90), "higher", 1),
    (79.6, 0, (80,), "higher", 1),       # '80' would read as satisfactory
    (10.04, 1, (10, 20), "lower", 2),    # at most 10 %: '10,0' would read as reached
    (9.96, 1, (10, 20), "lower", 1),     # '10,0' is reached, and so is 9.96
    (85.0, 1, (85,), "higher", 1),
])
def test_side_decimals_follow_the_direction_of_the_target(value, decimals, levels, direction,
                                                          places):
    assert fmt.side_decimals(value, decimals, levels, direction=direction) == places


def test_note_names_coverage_level_bare_and_target_levels_in_words():
    assert sides.note("nb", "coverage", 0, [80.0]).startswith("Dekningsgrad vises i hele prosent")
    assert "the target levels of 90% and 98%" in sides.note("en", "share", 1, [90.0, 98.0])
    assert "a target level" in sides.note("en", "share", 1, None)
