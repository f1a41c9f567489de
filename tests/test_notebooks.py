"""Notebooks: committed without outputs, and every numbered notebook still runs on the sample data.

The numbered notebooks (``notebooks/NN_*.ipynb``) are executed with nbclient in a fresh
``python3`` kernel, from ``notebooks/`` as an analyst opens them in JupyterLab. The kernel
inherits this process's environment, so it uses the suite's public test key (``JEJAK_KEY``,
set in conftest.py: no key file is created in ~/.config) and the Agg backend.
The report template ``laporan_bulanan.ipynb`` is executed by the report's own tests.
"""

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
NUMBERED = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
KERNEL = "python3"
CELL_TIMEOUT = 120  # seconds per cell; each notebook runs in about 10 s on the sample


def test_there_are_numbered_notebooks():
    assert len(NUMBERED) >= 3, [p.name for p in ALL]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_without_outputs_or_execution_counts(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, (f"{path.name}: code cells {dirty} carry outputs or execution counts; clear them before "
                       "committing (JupyterLab: Edit > Clear Outputs of All Cells)")


def test_the_kernel_the_notebooks_name_runs_this_python():
    """ipykernel (a dependency) ships the ``python3`` kernelspec into the environment (``share/jupyter``);
    its command is plain ``python``, which jupyter_client runs as this interpreter. A ``python3`` spec
    elsewhere (say in ~/.local/share/jupyter) that points at another Python would run the notebooks
    without this package's dependencies, so it is reported here rather than as a confusing import error."""
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(f"no '{KERNEL}' kernel: install ipykernel into this environment")
    for path in NUMBERED:
        assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == KERNEL, path.name
    assert spec.language == "python"
    assert spec.argv[0] in ("python", "python3", sys.executable), (
        f"the '{KERNEL}' kernel at {spec.resource_dir} runs {spec.argv[0]}, not this environment's Python")


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.name)
def test_numbered_notebook_runs_on_the_sample(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # a cell that raises fails here with the cell and its traceback
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert not errors
    ran = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert ran and all(cell.execution_count is not None for cell in ran)
