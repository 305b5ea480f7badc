"""The code's layout stays easy to see (issue 25): the package's imports form layers with no
circle (an ast walk over akimstat/, counting imports inside functions too; each layer imports
only the layers below it, and the packages of one layer, data and stats, not each other);
modules, classes and functions stay short; the README's table names every module where it is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "akimstat"
MODULE_LINES, CLASS_LINES, FUNCTION_LINES = 420, 200, 60
#: Top to bottom (docs/layers.md); a name is a module or a package with everything in it.
LAYERS = [
    {"akimstat.cli"},
    {"akimstat.publish"},
    {"akimstat.report"},
    {"akimstat.data", "akimstat.stats"},
    {"akimstat.labels", "akimstat.provenance", "akimstat.files", "akimstat.safe"},
    {"akimstat.params"},
    {"akimstat.errors", "akimstat.useryaml", "akimstat"},
]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Return module -> the package's modules it imports (anywhere in its body)."""
    name, graph = package.name, {}
    modules = {".".join(p.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
               for p in package.rglob("*.py")}
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.split(".")[0] == name}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                if base.split(".")[0] != name:
                    continue
                subs = {f"{base}.{a.name}" for a in node.names} & modules
                deps |= subs or {base}
        graph[module] = {d for d in deps if d in modules} - {module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def group_of(module: str, layers=LAYERS) -> tuple[int, str]:
    """Return (layer index, the layer's name that holds `module`): the longest name that is the
    module or a package above it."""
    found = [(len(name), i, name) for i, names in enumerate(layers) for name in names
             if module == name or module.startswith(name + ".")]
    _, layer, name = max(found)
    return layer, name


def upward_imports(graph: dict[str, set[str]], layers=LAYERS) -> list[tuple[str, str]]:
    """Return the imports (module, imported) that go up a layer, or across to another package
    of the same layer."""
    wrong = []
    for module, imported in sorted(graph.items()):
        here = group_of(module, layers)
        for other in sorted(imported):
            there = group_of(other, layers)
            if there[0] < here[0] or (there[0] == here[0] and there[1] != here[1]):
                wrong.append((module, other))
    return wrong


def test_no_import_circle():
    assert circles(import_graph(PACKAGE)) == []


def test_every_module_is_in_a_layer():
    for module in import_graph(PACKAGE):
        group_of(module)  # raises ValueError (max of nothing) when no layer holds it


def test_no_import_goes_up_a_layer_or_across():
    assert upward_imports(import_graph(PACKAGE)) == []


@pytest.fixture
def tiny(tmp_path):
    package = tmp_path / "tinypkg"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    for folder in (package, package / "low", package / "high"):
        (folder / "__init__.py").write_text("")
    return package


def test_a_planted_circle_is_found(tiny):
    (tiny / "a.py").write_text("from tinypkg.b import g\n")
    (tiny / "b.py").write_text("def g():\n    from tinypkg import a\n")
    (tiny / "c.py").write_text("from . import a\n")
    assert circles(import_graph(tiny)) == [{"tinypkg.a", "tinypkg.b"}]


def test_a_planted_upward_import_is_found(tiny):
    (tiny / "low" / "x.py").write_text("def f():\n    from tinypkg.high import y\n")
    (tiny / "high" / "y.py").write_text("from tinypkg.low import x\n")
    layers = [{"tinypkg.high"}, {"tinypkg.low", "tinypkg"}]
    assert upward_imports(import_graph(tiny), layers) == [("tinypkg.low.x", "tinypkg.high.y")]


# -- sizes ---------------------------------------------------------------------------------------
def _lines(node) -> int:
    """Lines of a module-level block as ast counts them (end_lineno - lineno + 1), without the
    docstring of a function: numpydoc's parameters, returns and references are not code."""
    body = node.body
    docstring = (0 if isinstance(node, ast.ClassDef) or not body or not isinstance(body[0], ast.Expr)
                 or not isinstance(getattr(body[0], "value", None), ast.Constant)
                 else body[0].end_lineno - body[0].lineno + 1)
    return node.end_lineno - node.lineno + 1 - docstring


def test_no_module_class_or_function_too_long():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if len(text.splitlines()) > MODULE_LINES:
            long.append((name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            limit = CLASS_LINES if isinstance(node, ast.ClassDef) else FUNCTION_LINES
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and _lines(node) > limit:
                long.append((name, node.name, _lines(node)))
    assert not long


# -- the README's table of packages --------------------------------------------------------------
def readme_modules() -> dict[str, set[str]]:
    """Return package folder (or 'edges') -> the modules the README's table names in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| package | modules and their concern |"):]
    table = table[: table.index("\n\n")]
    named = {}
    for row in table.splitlines()[2:]:
        package, concern = row.split("|")[1:3]
        words = re.findall(r"`([a-z_/]+)`", concern)
        named[package.strip(" `")] = {w.strip("/") for w in words if not w.startswith("akimstat ")}
    return named


def code_modules() -> dict[str, set[str]]:
    """Return package folder (or 'edges') -> its modules and subpackages, as the README names them."""
    found = {"edges": {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}}
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        found[f"akimstat/{folder.name}/"] = ({p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
                                            | {p.name for p in folder.iterdir() if (p / "__init__.py").exists()})
    return found


def test_readme_table_names_every_module_in_its_package():
    named, code = readme_modules(), code_modules()
    assert set(named) == set(code)
    for package, modules in code.items():
        assert modules <= named[package], (package, modules - named[package])
