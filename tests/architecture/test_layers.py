"""The layers of docs/architecture.md, held against the code's own imports.

Every module of ``ansinh`` belongs to a layer (its top-level package, or a top-level module); a module may
import from its own layer's package and from the layers below it, never from above, and two packages of one
layer never import each other. An import inside a function counts like any other (it is how a cycle hides),
and only an app's ``ready()`` may import inside a function, from its own app (Django connects signals there).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "ansinh"

# Lowest first. Two names in one tuple share a layer and may not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "formats", "settings"),
    ("rules",),
    ("audit",),
    ("org",),
    ("accounts",),
    ("programs",),
    ("reporting",),
    ("evaluation",),
    ("followups",),
    ("stewardship",),
    ("documents",),
    ("exchange",),
    ("demo",),
    ("gates",),
    ("web", "api"),
    ("urls", "settings_production", "wsgi"),
)
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}
# The pure rules may use the number and date writers of core, nothing else of ansinh.
PURE = {"rules": {"core.numbers", "core.dates"}}


def _package(module: str) -> str | None:
    """``ansinh.reporting.services.values`` → ``reporting``; None for anything outside ansinh."""
    parts = module.split(".")
    return parts[1] if parts[0] == "ansinh" and len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[str, int, bool, str | None]]:
    """(imported module, line, inside a function, the function's name) for every ansinh import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                modules = [child.module]
                if child.module in {"ansinh", *(f"ansinh.{name}" for name in LAYER_OF)}:
                    modules = [f"{child.module}.{alias.name}" for alias in child.names]
                found.extend((module, child.lineno, function is not None, function) for module in modules)
            elif isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, function is not None, function) for alias in child.names)
            visit(child, inner)

    visit(tree, None)
    return [entry for entry in found if entry[0].startswith("ansinh")]


def _modules() -> list[tuple[Path, str]]:
    return [
        (path, ".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_every_package_has_a_layer():
    packages = {_package(module) for _, module in _modules()} - {"__init__"}
    assert packages <= set(LAYER_OF), f"packages with no layer in LAYERS: {sorted(packages - set(LAYER_OF))}"


def test_no_import_goes_up_or_sideways():
    wrong = []
    for path, module in _modules():
        own = _package(module)
        assert own is not None
        for imported, line, _, _ in _imports(path):
            other = _package(imported)
            if other is None or other == own:
                continue
            if LAYER_OF[other] >= LAYER_OF[own]:
                direction = "lên trên / up" if LAYER_OF[other] > LAYER_OF[own] else "ngang / sideways"
                wrong.append(f"{path.relative_to(ROOT.parent)}:{line} {own} → {other} ({direction})")
    assert not wrong, "\n".join(wrong)


def test_pure_rules_import_no_app_and_no_django():
    wrong = []
    for package, allowed in PURE.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for name in names:
                    inside = name.removeprefix("ansinh.")
                    if name.split(".")[0] == "django" or (
                        name.startswith("ansinh.") and _package(name) != package and inside not in allowed
                    ):
                        wrong.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_no_import_inside_a_function():
    """Except an app's ready(), importing its own signals."""
    wrong = []
    for path, module in _modules():
        for imported, line, inside, function in _imports(path):
            if not inside:
                continue
            if path.name == "apps.py" and function == "ready" and _package(imported) == _package(module):
                continue
            wrong.append(f"{path.relative_to(ROOT.parent)}:{line} imports {imported} inside {function}()")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda names: "+".join(names))
def test_layers_are_named_in_the_architecture_doc(layer):
    """docs/architecture.md draws the same order: every package of a layer is named there."""
    doc = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    existing = {_package(module) for _, module in _modules()}
    missing = [name for name in layer if name in existing and f"`{name}`" not in doc]
    assert not missing, f"docs/architecture.md does not name {missing}"


def test_names_print_in_vietnamese_order_everywhere():
    """Django's get_full_name writes "Trực Nguyễn Thị Thường"; every page and message uses person_name."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.suffix in (".py", ".html", ".txt") and "get_full_name" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_no_template_carries_inline_styles_our_csp_refuses():
    """The Content-Security-Policy allows our own stylesheet only: a <style> block or style="" is dropped."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "<style" in (text := path.read_text(encoding="utf-8")) or ' style="' in text
    ]
    assert offenders == []
