"""The layers: the bottom layer (kumppanuus/) imports no feature app; no two apps import upward."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# An app may import only from the layers below it (ARCHITECTURE.md).
LAYERS = {"kumppanuus": 0, "associations": 1, "forums": 2, "grants": 2}
ROOT = Path(settings.BASE_DIR)


def imported_apps(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_an_app_imports_only_from_the_layers_below_it(app):
    upward = []
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for imported, line in imported_apps(path):
            if imported in LAYERS and imported != app and LAYERS[imported] >= LAYERS[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert upward == []
