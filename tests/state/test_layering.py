"""The layering, checked on the source: states format, services compute. No
module under state/ imports pandas or plotly (report maths and chart finishing
live in services/reports), and no service imports reflex or fastapi."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "license_hub"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "state").rglob("*.py")), ids=lambda p: p.name)
def test_no_state_imports_pandas_or_plotly(path):
    assert not _imports(path) & {"pandas", "plotly"}, f"{path.name} does report maths: move it into services"


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "services").rglob("*.py")), ids=lambda p: str(p.parent.name + "/" + p.name)
)
def test_no_service_imports_the_ui_or_the_api(path):
    assert not _imports(path) & {"reflex", "fastapi"}, f"{path.name} must not know about Reflex or FastAPI"


def test_the_checker_sees_an_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import pandas as pd\nfrom plotly import graph_objects\nfrom . import local\n")
    assert _imports(sample) == {"pandas", "plotly"}
