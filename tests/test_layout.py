"""How the code hangs together: no import circle, no private names of other projects, installable."""

import ast
from pathlib import Path

from tests.conftest import REPO


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """What a module imports, at its top or in any function; not in its `if __name__ == "__main__":` block,
    which runs only when the module is the program (then it is `__main__`, not part of the module graph)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    tree.body = [node for node in tree.body if not (isinstance(node, ast.If) and "__main__" in ast.unparse(node.test))]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _our_modules() -> dict[str, Path]:
    return {_module_name(path): path for folder in ("utils", "views") for path in (REPO / folder).rglob("*.py")}


def test_no_import_circle_between_our_modules_even_through_functions():
    modules = _our_modules()

    def targets(module: str, names: list[str]) -> set[str]:
        # `from utils import schema` imports the module utils.actions.schema; `from utils.x import y` imports utils.x
        found = {module} if module in modules else set()
        return found | {f"{module}.{name}" for name in names if f"{module}.{name}" in modules}

    graph = {name: set().union(*(targets(module, names) for module, names in _imports(path))) - {name} for name, path in modules.items()}
    graph = {name: {following for following in graph[name] if following not in ("utils", "views")} for name in graph}

    def reach(start: str, node: str, seen: set[str]) -> bool:
        for following in graph.get(node, ()):
            if following == start or following not in seen and (seen.add(following) or reach(start, following, seen)):
                return True
        return False

    assert [module for module in sorted(graph) if reach(module, module, set())] == []


def test_only_the_command_package_has_a_main():
    """One command, `python -m utils VERB` (utils/cli): a library module has no main() and no `__main__` block."""
    found = []
    for name, path in _our_modules().items():
        if name.startswith("utils.cli") or name == "utils.__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef)
                and node.name == "main"
                or isinstance(node, ast.If)
                and "__main__" in ast.unparse(node.test)
            ):
                found.append(f"{name}:{node.lineno}")
    assert found == []


def test_no_private_names_imported_from_other_projects():
    private = [
        f"{path.relative_to(REPO)}: from {module} import {name}"
        for folder in ("utils", "views", "bench", "scripts")
        for path in (REPO / folder).rglob("*.py")
        for module, names in _imports(path)
        if not module.startswith(("utils", "views", "tests"))
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_commands_and_benchmarks_run_from_the_installed_project_without_path_tricks():
    tricks = [
        str(path.relative_to(REPO))
        for folder in ("bench", "scripts")
        for path in (REPO / folder).rglob("*.py")
        if "sys.path.insert" in path.read_text()
    ]
    assert tricks == []
    assert 'name = "solidarity-map"' in (REPO / "pyproject.toml").read_text()


def test_scripts_and_styles_live_in_template_files_not_in_python_strings():
    import re

    found = []
    for path in [*(REPO / "utils").rglob("*.py"), *(REPO / "views").glob("*.py"), REPO / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if re.search(r"function\s*\(|\{[a-z-]+:[^}]+;[^}]*\}|@media", text):  # JavaScript, or CSS rules
                    found.append(f"{path.name}:{node.lineno}")
    assert found == [], "JS or CSS in Python strings (put it in utils/map/templates/): " + ", ".join(found)
