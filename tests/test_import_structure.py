"""The code's floors read top-down: viz -> experiments -> model -> agents; nothing imports up.

Every ``.py`` file of the four packages is parsed with :mod:`ast` (nothing is imported), and
every import of our own packages is collected: at module level, inside functions, and in
``if TYPE_CHECKING:`` blocks (type-only; those may point anywhere at or below the
importer's floor, like runtime imports, but they are left out of the cycle check).

One import by computed name is allowed and checked: a package's ``__init__`` may import
its own modules by ``f"{__name__}.{...}"`` (``model/policies`` discovers its levers that
way); those imports count as edges from the package to each of its modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import networkx as nx
import pytest

from tests.helpers import REPO

FLOORS = {"viz": 3, "experiments": 2, "model": 1, "agents": 0}


@dataclass(frozen=True)
class Import:
    """One import of one of our modules."""

    importer: str
    target: str
    path: str
    line: int
    type_only: bool  # inside `if TYPE_CHECKING:`
    in_function: bool
    from_package: bool = False  # `from pkg import mod`: a name taken from pkg/__init__

    def __str__(self) -> str:
        where = "TYPE_CHECKING" if self.type_only else "runtime"
        level = "function-level" if self.in_function else "module-level"
        return f"{self.path}:{self.line} {self.importer} -> {self.target} ({where}, {level})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    """Module name -> file, for every .py file under the four packages."""
    files = {}
    for package in FLOORS:
        for path in sorted((REPO / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                files[module_name(path)] = path
    return files


MODULES = source_files()


def floor(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _known(name: str) -> str | None:
    """The longest prefix of a dotted name that is one of our modules."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, is_package: bool) -> None:
        self.module = module
        self.path = str(path.relative_to(REPO))
        self.package = module if is_package else module.rpartition(".")[0]
        self.type_only = False
        self.depth = 0  # functions (and classes: their bodies run at import, but rarely import)
        self.found: list[Import] = []
        self.dynamic: list[str] = []

    def _add(self, node: ast.stmt, name: str, from_package: bool = False) -> None:
        target = _known(name)
        if target is not None and target != self.module:
            self.found.append(
                Import(
                    self.module,
                    target,
                    self.path,
                    node.lineno,
                    self.type_only,
                    self.depth > 0,
                    from_package,
                )
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:  # relative: from . import x / from ..y import z
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        for alias in node.names:  # `from model import decisions` imports model.decisions
            full = f"{source}.{alias.name}"
            self._add(node, full if full in MODULES else source)
            if full in MODULES:  # the name is read from the package, after its __init__ ran
                self._add(node, source, from_package=True)

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            outer, self.type_only = self.type_only, True
            for child in node.body:
                self.visit(child)
            self.type_only = outer
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _visit_function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _visit_function

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("import_module", "__import__"):
            arg = node.args[0] if node.args else None
            if self._discovers_own_modules(arg):
                for module in MODULES:
                    if module.startswith(self.module + "."):
                        self.found.append(
                            Import(self.module, module, self.path, node.lineno, False, False)
                        )
                self.generic_visit(node)
                return
            text = arg.value if isinstance(arg, ast.Constant) else None
            if not isinstance(text, str) or text.split(".")[0] in FLOORS:
                shown = repr(text) if isinstance(text, str) else "a computed name"
                self.dynamic.append(f"{self.path}:{node.lineno} {name}({shown})")
        self.generic_visit(node)

    def _discovers_own_modules(self, arg: ast.expr | None) -> bool:
        """``f"{__name__}.{...}"`` in a package's ``__init__``: it imports its own modules."""
        if not (self.path.endswith("__init__.py") and isinstance(arg, ast.JoinedStr)):
            return False
        first = arg.values[0] if arg.values else None
        return isinstance(first, ast.FormattedValue) and getattr(first.value, "id", "") == (
            "__name__"
        )


def _collect() -> tuple[list[Import], list[str]]:
    imports, dynamic = [], []
    for module, path in MODULES.items():
        collector = _Collector(module, path, path.name == "__init__.py")
        collector.visit(ast.parse(path.read_text(), filename=str(path)))
        imports += collector.found
        dynamic += collector.dynamic
    return imports, dynamic


IMPORTS, DYNAMIC = _collect()
IMPORTS = list(dict.fromkeys(IMPORTS))  # `from x import a, b` is one import of x


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def runtime_graph() -> nx.DiGraph:
    """Runtime imports (module- and function-level, not TYPE_CHECKING) between modules.

    Importing ``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` first, so those are
    edges too, except for the importer's own packages (already being imported). But
    ``from a import c`` reads ``c`` from ``a``'s namespace: an edge to ``a`` even inside
    ``a``, whose ``__init__`` may still be importing the importer (a cycle through it).
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for imp in IMPORTS:
        if imp.type_only:
            continue
        own = set(_ancestors(imp.importer))
        for target in [*_ancestors(imp.target), imp.target]:
            if target in MODULES and target != imp.importer:
                if target not in own or (imp.from_package and target == imp.target):
                    graph.add_edge(imp.importer, target, line=str(imp))
    return graph


def upward(module: str) -> list[Import]:
    return [i for i in IMPORTS if i.importer == module and floor(i.target) > floor(i.importer)]


def test_the_parser_sees_the_imports_we_know_of():
    found = {(i.importer, i.target, i.type_only, i.in_function) for i in IMPORTS}
    assert ("viz.app", "viz.backend", False, False) in found, "module-level from-import"
    assert ("model.care_model", "model.phases", False, False) in found, "from model import x"
    assert any(i.importer == "experiments.validate" and i.type_only for i in IMPORTS), (
        "TYPE_CHECKING"  # experiments.validate imports PatternResult for annotations only
    )
    assert ("model.policies", "model.policies.voorveld", False, False) in found, "discovery"
    assert ("experiments.cli", "experiments.runner", False, True) in found, "inside a function"
    assert len(MODULES) > 40, f"only {len(MODULES)} modules found under {list(FLOORS)}"


@pytest.mark.parametrize("module", list(MODULES))
def test_no_module_imports_a_higher_floor(module):
    found = upward(module)
    assert not found, "imports a higher floor (viz=3, experiments=2, model=1, agents=0):\n" + (
        "\n".join(map(str, found))
    )


def _cycles_message(graph: nx.DiGraph) -> str:
    cycles = sorted(islice(nx.simple_cycles(graph), 20), key=len)
    lines = []
    for cycle in cycles:
        edges = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        lines.append(" -> ".join([*cycle, cycle[0]]))
        lines += [f"    {graph.edges[a, b]['line']}" for a, b in edges]
    return "runtime import cycles:\n" + "\n".join(lines)


def test_no_runtime_import_cycles():
    graph = runtime_graph()
    assert nx.is_directed_acyclic_graph(graph), _cycles_message(graph)


def test_no_import_of_our_own_modules_by_string():
    assert not DYNAMIC, "import by string (use an import statement or an entry point):\n" + (
        "\n".join(DYNAMIC)
    )
