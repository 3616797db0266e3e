"""The golden project of unsupported features: each profile adds one, and must fail naming it."""

from pathlib import Path

import pytest
import yaml

from report.render import RenderError, render_project

PROJECT = Path(__file__).parent / "projects" / "unsupported"
EXPECTED = yaml.safe_load((PROJECT / "expected.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_unsupported_feature_fails_naming_file_line_and_feature(case, tmp_path):
    want = EXPECTED[case]
    with pytest.raises(RenderError) as err:
        render_project(PROJECT, profiles=[case], quiet=True, output_dir=tmp_path / "out",
                       search=False)
    message = str(err.value)
    assert f"{PROJECT / want['file']}:{want['line']}:" in message
    assert "unsupported Quarto feature" in message
    assert want["error"] in message


def test_every_case_has_a_profile_and_a_chapter():
    for case, want in EXPECTED.items():
        assert (PROJECT / f"_quarto-{case}.yml").is_file()
        assert (PROJECT / want["file"]).is_file()

