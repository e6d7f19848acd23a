"""The repository's copies of the shared Cao Bằng files are the files the province gave us."""

import pytest

from .conftest import DATA, SHARED_DATA


@pytest.mark.parametrize("name", ["cao-bang-units.csv", "cao-bang-reform-2025.csv", "golden-rollup.md"])
def test_the_shipped_copy_is_the_shared_file(name):
    if not SHARED_DATA.exists():
        pytest.skip("no ../shared/data beside this checkout (a user's clone)")
    assert (DATA / name).read_bytes() == (SHARED_DATA / name).read_bytes()
