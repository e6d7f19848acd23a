"""The access matrix is built from the URL resolver: every named URL of the portal has a row in a
matrix file (tests/test_*matrix*.py), so a new URL without an entry fails here."""

import importlib
from pathlib import Path

from django.urls import URLResolver, get_resolver

from tests.matrix import url_name

MATRIX_MODULES = sorted(
    f"tests.{path.stem}"
    for path in Path(__file__).parent.glob("test_*matrix*.py")
    if path.stem != Path(__file__).stem
)

# URLs with no row yet, each with why. The list may only shrink: a URL added to the portal
# without a row, or a row added without removing its name here, fails the test.
NOT_YET_IN_MATRIX = {
    "logout": "signs out whoever asks; no data",
    "set_language": "sets a cookie for whoever asks; no data",
    "reports:pdf": "needs LibreOffice; tests/test_documents.py",
}


def portal_url_names(patterns=None, namespace=None):
    """Every named URL of the portal ("reports:approve"); Django's admin is tested on its own."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = pattern.namespace and (
                f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            )
            yield from portal_url_names(pattern.url_patterns, inner or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def rows_by_url():
    covered = {}
    for module in MATRIX_MODULES:
        for case in importlib.import_module(module).CASES:
            covered.setdefault(url_name(case), []).append(f"{module}: {case.name}")
    return covered


def test_every_url_of_the_portal_has_a_row_in_the_matrix():
    covered = rows_by_url()
    missing = sorted(set(portal_url_names()) - set(covered) - set(NOT_YET_IN_MATRIX))
    assert missing == [], f"URLs with no row in any access matrix: {missing}"


def test_the_list_of_urls_without_a_row_only_shrinks():
    covered = rows_by_url()
    names = set(portal_url_names())
    assert sorted(set(NOT_YET_IN_MATRIX) - names) == [], "no such URL any more: remove it from the list"
    assert sorted(set(NOT_YET_IN_MATRIX) & set(covered)) == [], "it has a row now: remove it from the list"


def test_the_matrix_modules_are_found():
    assert {"tests.test_access_matrix", "tests.test_matrix_reports"} <= set(MATRIX_MODULES)
