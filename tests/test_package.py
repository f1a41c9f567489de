"""The package as an analyst imports it: every public name resolves, and the import stays light."""

import subprocess
import sys

import pytest

import jejak_analysis as ja


@pytest.mark.parametrize("name", ja.__all__)
def test_every_public_name_resolves(name):
    assert getattr(ja, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="jejak_analysis"):
        ja.tidak_ada  # noqa: B018


def test_import_does_not_load_the_heavy_modules():
    # matplotlib and the notebook machinery load on first use, so `import jejak_analysis` stays quick
    code = "import sys, jejak_analysis; print(sorted(m for m in ('matplotlib', 'papermill', 'nbconvert') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
