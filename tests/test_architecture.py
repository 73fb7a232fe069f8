"""Who may import whom: every pair of modules against the table in docs/architecture.md."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "appui"
WIRING = {"settings", "urls", "cli", "wsgi", "__main__", "__init__"}
THIRD_PARTY_FORBIDDEN = {"rights": {"django", "ninja", "django_tasks", "django_tasks_db"}}


def allowed_imports() -> dict[str, set[str]]:
    """The "may import" table of docs/architecture.md, as {module: modules it may import}."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Who may import whom", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        match = re.match(r"\| `(\w+)` \| (.*) \|$", line)
        if match:
            table[match[1]] = set(re.findall(r"`(\w+)`", match[2]))
    return table


ALLOWED = allowed_imports()


def imports_of(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports stay inside their package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def packages() -> list[str]:
    return sorted(
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"locale", "templates"}
    )


def test_the_table_is_read():
    assert ALLOWED["rights"] == set()
    assert "core" in ALLOWED["cases"]


def test_every_package_has_a_row():
    assert [name for name in packages() if name not in ALLOWED] == []


@pytest.mark.parametrize("module", packages())
def test_modules_import_only_what_they_may(module):
    offences = []
    for path in sorted((PACKAGE / module).rglob("*.py")):
        for name in imports_of(path):
            top, _, rest = name.partition(".")
            if top == "appui":
                target = rest.split(".")[0]
                if target != module and target not in ALLOWED.get(module, set()):
                    offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
            elif top in THIRD_PARTY_FORBIDDEN.get(module, ()):
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []


def test_views_leave_access_to_the_policy():
    """One access idiom: views call `policies` (require/allows/get_*), never compare
    organisations or test a permission themselves."""
    offences = []
    for path in sorted(PACKAGE.rglob("views.py")) + sorted(PACKAGE.rglob("views/*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"organisation_id\s*[!=]=|[!=]=\s*\S*organisation_id|\.can\(", line):
                offences.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offences == []
