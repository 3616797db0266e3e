"""Regenerate the golden files: `python tests/update_goldens.py`. The snapshot tests never
write them: a missing or different golden file fails until this command is run and the new
files are reviewed in the diff."""

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              str(here / "render" / "test_snapshot.py"), "--update-goldens"],
                             cwd=here.parent))
