"""The floors of docs/architecture.md, read from the source: every import, at the top of a
module or inside a function, goes down or sideways, and no private name crosses packages."""

import ast
from pathlib import Path

import reglab

SOURCE = Path(reglab.__file__).parent

# docs/architecture.md's floors, lowest first; a module may import its own floor and below.
# The regularizers share the network's floor: a Network holds its penalties (regularizers.py
# imports nothing of nn/, and nn/ imports the regularizers).
FLOORS = {
    "data": 1,
    "nn": 2,
    "regularizers": 2,
    "optim": 3,
    "train": 4,
    "diagnose": 5,
    "experiments": 6,
    "display": 7,
    "report": 7.5,
    "cli": 8,
    "estimator": 8,
    "sweep": 8,
    "playground": 8,
}


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        yield ".".join(parts).removesuffix(".__init__"), path


def _imports(path: Path):
    """(line, module, names) of every absolute import of reglab in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "reglab" and len(parts) > 1 else None


MODULES = dict(_modules())


def test_no_floor_imports_a_higher_one():
    higher = [
        f"{module} (floor {floor}), line {line}: {imported}"
        for module, path in MODULES.items()
        if (floor := FLOORS.get(_package(module))) is not None
        for line, imported, _ in _imports(path)
        if FLOORS.get(_package(imported), 0) > floor
    ]
    assert not higher, f"imports from a higher floor: {higher}"


def test_no_private_name_is_imported_from_another_package():
    crossing = [
        f"{module}, line {line}: {name} from {imported}"
        for module, path in MODULES.items()
        for line, imported, names in _imports(path)
        for name in names
        if name.startswith("_")
        and _package(imported) not in (None, _package(module))
        and not imported.split(".")[-1].startswith("_")  # a private module's own names
    ]
    assert not crossing, f"private names imported from another package: {crossing}"
