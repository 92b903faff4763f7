"""The headless core never loads Textual, and imports go one way only (no cycles)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "billdiff"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


HEADLESS = sorted(
    _module_name(p)
    for p in SRC.rglob("*.py")
    if "tui" not in p.relative_to(SRC).parts and p.name != "__main__.py"
)


def test_there_are_headless_modules_to_check() -> None:
    assert {"billdiff.cli", "billdiff.annotations.review", "billdiff.view.changes"} <= set(HEADLESS)


def test_no_headless_module_loads_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name + ' loaded textual'\n"
        "print(len(sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "--help"],
        ["check", "--help"],
        ["notes", "list", "--help"],
        ["outline", "--help"],
        ["history", "--help"],
        ["amendments", "--help"],
        ["keeling", "--help"],
    ],
)
def test_the_commands_ci_runs_never_load_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from billdiff.cli import main\n"
        f"rc = main({argv!r})\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The billdiff modules ``path`` imports (at any depth: lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            name = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            if not name or not name.startswith("billdiff"):
                continue
            # "from billdiff import errors" imports the module billdiff.errors.
            subs = {f"{name}.{a.name}" for a in node.names} & modules
            found |= subs or {name}
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("billdiff"))
    return found & modules


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    names = set(modules)
    return {m: _imports(p, names) - {m} for m, p in modules.items()}


# The layers, lowest first: a module may import only its own layer or lower ones.
LAYERS = [
    {
        "billdiff.errors",
        "billdiff.normalise",
        "billdiff.sanitise",
        "billdiff.fileio",
        "billdiff.changeclass",
        "billdiff.provenance",
    },
    {"billdiff.model", "billdiff.formats", "billdiff.textdiff"},
    {"billdiff.comparison", "billdiff.align", "billdiff.parallel"},
    {"billdiff.engine", "billdiff.prints", "billdiff.lookup", "billdiff.view", "billdiff.history"},
    {"billdiff.annotations", "billdiff.amend", "billdiff.keeling"},
    {"billdiff.render"},
    {"billdiff.cli", "billdiff.tui", "billdiff"},
]


def _layer(module: str) -> int:
    for n, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer - {"billdiff"}):
            return n
    if module in ("billdiff", "billdiff.__main__"):
        return len(LAYERS) - 1
    raise AssertionError(f"{module} is in no layer of this test: add it to LAYERS")


def test_imports_go_down_the_layers_only() -> None:
    wrong = [
        f"{m} imports {i}"
        for m, imports in _graph().items()
        for i in imports
        if _layer(i) > _layer(m) and not (m == "billdiff" or m == "billdiff.__main__")
    ]
    assert wrong == []


def test_no_front_end_is_imported_below_the_front_ends() -> None:
    front = ("billdiff.cli", "billdiff.tui")
    wrong = [
        f"{m} imports {i}"
        for m, imports in _graph().items()
        if not m.startswith(front) and m not in ("billdiff", "billdiff.__main__")
        for i in imports
        if i.startswith(front)
    ]
    assert wrong == []
