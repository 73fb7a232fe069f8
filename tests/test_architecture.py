"""Who may import whom (docs/architecture.md): apps depend downward only."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "appui"

# For each module, the appui modules it must never import.
FORBIDDEN = {
    "rights": {"core", "api", "settings", "urls", "*"},  # pure Python: nothing else of appui
    "core": {"api", "rights"},
    # Below the feature apps: they all read it, it reads none of them.
    "advice": {"guide", "cases", "stats", "api"},
    "directory": {"advice", "guide", "cases", "stats"},
    "territory": {"advice", "guide", "cases", "stats", "directory"},
}
THIRD_PARTY_FORBIDDEN = {"rights": {"django", "ninja", "django_tasks", "django_tasks_db"}}


def imports_of(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports stay inside their package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def files_of(module: str) -> list[Path]:
    return sorted((PACKAGE / module).rglob("*.py"))


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_modules_import_only_what_they_may(module):
    if not (PACKAGE / module).exists():
        pytest.skip(f"appui.{module} does not exist yet")
    offences = []
    for path in files_of(module):
        for name in imports_of(path):
            top, _, rest = name.partition(".")
            if top == "appui":
                target = rest.split(".")[0]
                if target == module:
                    continue
                if target in FORBIDDEN[module] or "*" in FORBIDDEN[module]:
                    offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
            elif top in THIRD_PARTY_FORBIDDEN.get(module, ()):
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []
