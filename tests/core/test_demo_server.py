"""Issue 16: `make run` served with DEBUG, so any visitor's error showed a traceback. The demo's server and worker run
with ANSINH_DEBUG=0 unless a developer asks (WhiteNoise serves the collected static files without DEBUG)."""

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def test_make_run_serves_without_debug_by_default():
    text = MAKEFILE.read_text(encoding="utf-8")
    recipe = text.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    for command in ("runserver", "db_worker"):
        line = next(line for line in recipe.splitlines() if command in line)
        assert re.search(r"ANSINH_DEBUG=\$\$\{ANSINH_DEBUG:-0\} \$\(MANAGE\) " + command, line), line
