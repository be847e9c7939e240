"""The layers: the bottom layer (kumppanuus/) imports no feature app; no two apps import upward."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# An app may import only from the layers below it (ARCHITECTURE.md). A top-layer
# app inside the project package (kumppanuus.agreements) is named by its dotted
# path; every other module of kumppanuus/ is the bottom layer.
LAYERS = {
    "kumppanuus": 0,
    "associations": 1,
    "forums": 2,
    "grants": 2,
    "kumppanuus.agreements": 3,
}
ROOT = Path(settings.BASE_DIR)


def app_of(module: str) -> str | None:
    """The layer map's name for a dotted module path (the longest prefix it has)."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        name = ".".join(parts[:length])
        if name in LAYERS:
            return name
    return None


def imported_apps(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield app_of(node.module), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield app_of(alias.name), node.lineno


def files_of(app: str):
    folder = ROOT.joinpath(*app.split("."))
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if app_of(module) == app:
            yield path


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_an_app_imports_only_from_the_layers_below_it(app):
    upward = []
    for path in files_of(app):
        for imported, line in imported_apps(path):
            if imported is not None and imported != app and LAYERS[imported] >= LAYERS[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert upward == []


def test_the_project_package_knows_no_top_layer_app():
    """The bottom layer's files (kumppanuus/ outside its top-layer apps) import none of them."""
    assert list(files_of("kumppanuus"))
    assert not any("agreements" in path.parts for path in files_of("kumppanuus"))
