"""The import rule of docs/architecture.md, checked on the source: the platform (shared/) never
imports a programme, and no two packages import each other, directly or round a longer loop.

Every import counts, at the top of a module or inside a function, under TYPE_CHECKING or not,
and so does importlib.import_module("...") with a literal name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMMES = ("divert", "engage")
PACKAGES = ("shared", *PROGRAMMES)


def _modules(package: str) -> dict[str, Path]:
    """{dotted module name: path} of every Python file of PACKAGE."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything MODULE imports, relative imports resolved."""
    names = []
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[:len(module.split(".")) - node.level + is_package]
                base = ".".join([*anchor, base] if base else anchor)
            names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("import_module", "__import__") and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.append((node.lineno, node.args[0].value))
    return names


def _unit(name: str) -> str | None:
    """The package a dotted name belongs to: shared.<sub> for the platform, else the programme."""
    parts = name.split(".")
    if parts[0] == "shared":
        return ".".join(parts[:2]) if len(parts) > 1 else "shared"
    return parts[0] if parts[0] in PROGRAMMES else None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for module, path in _modules(package).items():
            source = _unit(module)
            for _, name in _imported(module, path):
                target = _unit(name)
                if target is not None and target != source:
                    graph.setdefault(source, set()).add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one package (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_under_shared_imports_a_programme():
    offending = [f"{path.relative_to(ROOT)}:{line} imports {name}"
                 for module, path in _modules("shared").items()
                 for line, name in _imported(module, path)
                 if name.split(".")[0] in PROGRAMMES]
    assert not offending, "the platform must not name a programme:\n" + "\n".join(offending)


def test_no_platform_template_links_to_a_programmes_page():
    # A url_for of a programme's endpoint ties the platform to it as surely as an import.
    endpoint = re.compile(r"""url_for\(\s*['"](""" + "|".join(PROGRAMMES) + r""")\.""")
    offending = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in sorted((ROOT / "shared").rglob("*.html"))
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if endpoint.search(line)]
    assert not offending, "the platform must not name a programme:\n" + "\n".join(offending)


def test_no_two_packages_import_each_other_even_round_a_loop():
    cycles = _cycles(_graph())
    assert not cycles, "package cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("source, expected", [
    ("from divert import services\n", "divert.services"),
    ("def f():\n    import engage.models\n", "engage.models"),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from divert.api import x\n",
     "divert.api.x"),
    ("import importlib\nimportlib.import_module('engage.routes')\n", "engage.routes"),
    ("from ..cases import services\n", "shared.cases.services"),
])
def test_the_check_sees_every_kind_of_import(tmp_path, source, expected):
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    assert expected in [name for _, name in _imported("shared.reports.probe", path)]


def test_the_cycle_check_finds_a_loop_of_three():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
