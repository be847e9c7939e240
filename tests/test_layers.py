"""The layers: the bottom layer (kumppanuus/) imports no feature app; no two apps import upward."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# An app may import only from the layers below it (ARCHITECTURE.md). The
# partnerships and agreements apps live in the project package but are the top layer.
LAYERS = {
    "kumppanuus": 0,
    "associations": 1,
    "forums": 2,
    "grants": 2,
    "kumppanuus.partnerships": 3,
    "kumppanuus.agreements": 3,
}
ROOT = Path(settings.BASE_DIR)


def app_of(module: str) -> str | None:
    """The app a dotted module belongs to: the longest name in LAYERS it starts with."""
    found = [app for app in LAYERS if module == app or module.startswith(app + ".")]
    return max(found, key=len) if found else None


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def files_of(app: str):
    for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if app_of(module) == app:
            yield path


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_an_app_imports_only_from_the_layers_below_it(app):
    upward = []
    for path in files_of(app):
        for module, line in imported_modules(path):
            imported = app_of(module)
            if imported and imported != app and LAYERS[imported] >= LAYERS[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == []


def test_the_layer_map_sees_the_partnerships_app_as_its_own():
    assert app_of("kumppanuus.partnerships.models") == "kumppanuus.partnerships"
    assert app_of("kumppanuus.places.models") == "kumppanuus"
    assert app_of("forums") == "forums"
    assert app_of("django.db") is None


def test_the_project_package_knows_no_top_layer_app():
    """The bottom layer's files (kumppanuus/ outside its top-layer apps) import none of them."""
    assert list(files_of("kumppanuus"))
    parts = [path.parts for path in files_of("kumppanuus")]
    assert not any("agreements" in p or "partnerships" in p for p in parts)
