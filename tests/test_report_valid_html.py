"""Every page of the built report is valid HTML by the Nu Html Checker (vnu), and the site
holds only what is meant to be published."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NPM_PREFIX = Path(__file__).parent.parent / ".nbcr-cache" / "npm"
VNU = Path(os.environ.get("VNU_JAR", NPM_PREFIX / "node_modules" / "vnu-jar" / "build" / "dist"
                          / "vnu.jar"))
JAVA_INSTALL = "apt-get install -y --no-install-recommends default-jre-headless"


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The checker's command: the jar .ci/run installs, or installed here from the npm registry
    on first use (Java from Debian), so the README's test command works on a fresh clone."""
    java = shutil.which("java")
    if java is None:  # never a skip: CI installs it, and so must a reviewer
        pytest.fail(f"java is missing: {JAVA_INSTALL} (.ci/run does)")
    if not VNU.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("vnu-jar is missing and npm is not installed: apt-get install -y npm")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(NPM_PREFIX), "vnu-jar"], check=True, capture_output=True)
    assert VNU.is_file(), f"vnu.jar not found at {VNU} after npm install"
    return [java, "-jar", str(VNU)]


def check(vnu: list[str], files: list[Path]) -> list[dict]:
    """The checker's errors (not warnings) for FILES."""
    proc = subprocess.run([*vnu, "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, check=False)
    return json.loads(proc.stderr or proc.stdout)["messages"]


def test_the_checker_finds_an_error_it_should(vnu, tmp_path):
    """The check can fail: a <p> after a figure's caption is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                   "<figure><div>x</div><figcaption>c</figcaption><p>late</p></figure>"
                   "</body></html>", encoding="utf-8")
    assert [m["type"] for m in check(vnu, [bad])] == ["error"]


def test_every_page_is_valid_html(vnu, report_site):
    pages = sorted(report_site.rglob("*.html"))
    assert len(pages) > 2
    root = report_site.resolve().as_uri()
    errors = [f"{m.get('url', '').replace(root, '')}:{m.get('lastLine')}: {m['message']}"
              for m in check(vnu, pages)]
    assert errors == []


def test_no_build_file_is_published(report_site):
    """Nothing whose name starts with a dot (the renderer's record of its files, markers)."""
    hidden = [p.relative_to(report_site).as_posix() for p in report_site.rglob(".*")]
    assert hidden == []
