"""`make run` installs only what the product needs to run; the test and benchmark tools come with `make test`,
`make lint` and `make bench` (issue 15). The product never imports a tool it would not have."""

import ast
import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY_IMPORTS = {"pytest", "hypothesis", "playwright", "duckdb", "schemathesis", "mypy", "yaml", "requests", "xlwt"}


def _pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {re.split(r"[=\[]", line)[0].lower() for line in lines if line and not line.startswith("#")}


def _prerequisites(target: str) -> str:
    match = re.search(rf"^{target}:(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, target
    return match.group(1)


def test_the_runtime_set_holds_no_test_tool_and_the_sets_do_not_overlap():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert not {"pytest", "playwright", "mypy", "duckdb", "schemathesis", "hypothesis", "ruff"} & runtime
    assert not runtime & dev


def test_make_run_installs_the_runtime_set_and_make_test_the_tools():
    assert "DEV_STAMP" not in _prerequisites("setup") and "DEV_STAMP" not in _prerequisites("run")
    assert "RUNTIME_STAMP" in _prerequisites("setup")
    for target in ("test", "lint", "bench"):
        assert "$(DEV_STAMP)" in _prerequisites(target), target


def test_the_product_imports_no_tool_of_the_test_set():
    offenders = []
    for path in (ROOT / "ansinh").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in DEV_ONLY_IMPORTS]
    assert offenders == []


def test_the_settings_make_var_for_the_embedded_database(tmp_path, monkeypatch):
    """In a fresh clone `manage.py` works before `make run`: the settings make var/, where SQLite's file goes."""
    copy = tmp_path / "ansinh" / "settings.py"
    copy.parent.mkdir()
    copy.write_text((ROOT / "ansinh" / "settings.py").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = runpy.run_path(str(copy))
    assert (tmp_path / "var").is_dir()
    assert settings["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "ansinh.sqlite3")


def test_the_settings_make_no_var_for_another_database(tmp_path, monkeypatch):
    copy = tmp_path / "ansinh" / "settings.py"
    copy.parent.mkdir()
    copy.write_text((ROOT / "ansinh" / "settings.py").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ansinh")
    runpy.run_path(str(copy))
    assert not (tmp_path / "var").exists()
