"""The tutorial notebooks in docs/notebooks: stored clean, public API only, and each one runs.

Every notebook is executed top to bottom in a Jupyter kernel (nbclient), figures rendered
inline as in Jupyter; a cell that raises fails the test with the cell's traceback. One
kernel serves all notebooks, its namespace reset before each (``%reset -f``), which saves
a kernel start and the imports (about 3 s of CPU each) per notebook while every notebook
still has to import and define all it uses. BLAS runs on one thread, as the command line
runs it: these matrices are small, and more threads only slow them down.
"""

import ast
import os
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "docs" / "notebooks").glob("*.ipynb"))
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
SECTIONS = (
    "splits",
    "bias_variance",
    "l2_and_l1",
    "dropout",
    "early_stopping",
    "augmentation",
    "optimizers",
)


def _code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    # as nbclient starts its own kernels: no IPython history file written in the home folder
    manager.start_kernel(
        env=os.environ | ONE_THREAD, extra_arguments=["--HistoryManager.hist_file=:memory:"]
    )
    yield manager
    manager.shutdown_kernel(now=True)


def test_one_notebook_per_section_of_the_tutorial():
    names = [path.stem for path in NOTEBOOKS]
    assert names == [f"{i:02d}_{section}" for i, section in enumerate(SECTIONS, start=1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in _code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(markdown) >= len(_code_cells(notebook)) - 1, "each step needs its prose"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_uses_the_public_api_and_the_displays(path):
    imported = []
    for cell in _code_cells(nbformat.read(path, as_version=4)):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom):
                imported += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                pytest.fail(f"{path.name} reads the private attribute {node.attr}")
    ours = [name for name in imported if name.startswith("reglab")]
    private = [name for name in ours if any(part.startswith("_") for part in name.split("."))]
    assert private == []
    assert any(name.startswith("reglab.display.") for name in ours)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_executes(path, kernel):
    notebook = nbformat.read(path, as_version=4)
    reset = nbformat.v4.new_code_cell('get_ipython().run_line_magic("reset", "-f")')
    notebook.cells.insert(0, reset)
    client = nbclient.NotebookClient(notebook, km=kernel, timeout=300, kernel_name="python3")
    client.execute()  # raises CellExecutionError, with the traceback, when a cell raises
    outputs = [output for cell in _code_cells(notebook) for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert any("image/png" in output.get("data", {}) for output in outputs)
