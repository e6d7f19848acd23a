"""The audit log's page × every persona (tests/matrix.py): admins and provincial staff only."""

import pytest
from django.urls import reverse

from tests.matrix import Case, base_world, check, expect, matrix

PROVINCIAL_ONLY = expect(403, provincial=200)
CASES = [
    Case("audit log", lambda w: reverse("audit:list"), PROVINCIAL_ONLY),
    Case(
        "audit log of sign-ins",
        lambda w: reverse("audit:list") + "?action=login&actor=haquang",
        PROVINCIAL_ONLY,
    ),
]


@pytest.fixture
def world(units, personas):
    return base_world(units, personas)


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
