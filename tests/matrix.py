"""The access matrix: every URL × every persona → the expected answer.

Each app adds its own `tests/test_<app>_access_matrix.py`:

    from tests.matrix import LOGIN, Case, base_world, check, expect, matrix

    CASES = [
        Case("activity list", lambda w: reverse("activities:list"), expect(200, reader=403)),
        Case(
            "Hà Quảng's activity",
            lambda w: reverse("activities:detail", args=[w.activity.pk]),
            expect(404, provincial=200, officer_ha_quang=200),
        ),
    ]

    @pytest.fixture
    def world(units, personas):  # the personas and units, plus this app's objects
        world = base_world(units, personas)
        world.activity = ActivityFactory(unit=units["ha-quang"])
        return world

    @pytest.mark.parametrize(("case", "persona"), matrix(CASES))
    def test_access(case, persona, world, client_for):
        check(case, persona, world, client_for)

`expect()` fills in every persona, so a new persona added here makes every matrix name it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse

PERSONAS = ("provincial", "officer_ha_quang", "officer_quang_hoa", "grassroots", "reader", "anonymous")

# Expected answer for a page that needs signing in: a redirect to the login page.
LOGIN = "login"


def expect(
    default: int | str, *, anonymous: int | str = LOGIN, **overrides: int | str
) -> dict[str, int | str]:
    """{persona: expected} — `default` for every signed-in persona unless overridden."""
    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    result = dict.fromkeys(PERSONAS, default)
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


@dataclass(frozen=True)
class Case:
    """One URL of the portal and what each persona gets from it.

    `url` receives the `world` fixture (units, personas, and whatever objects the matrix file
    adds) and returns the path. `method` "post" sends `data` (a dict, or a function of `world`
    when it names objects): actions are POST-only."""

    name: str
    url: Callable[[SimpleNamespace], str]
    expected: Mapping[str, int | str]
    method: str = "get"
    data: Mapping | Callable[[SimpleNamespace], Mapping] = field(default_factory=dict)


def matrix(cases: list[Case]) -> list:
    """pytest parameters (case, persona) with readable ids: "units page-reader"."""
    params = []
    for case in cases:
        missing = set(PERSONAS) - set(case.expected)
        if missing:
            raise ValueError(f"{case.name}: no expectation for {sorted(missing)}")
        params += [pytest.param(case, persona, id=f"{case.name}-{persona}") for persona in PERSONAS]
    return params


def check(case: Case, persona: str, world: SimpleNamespace, client_for) -> None:
    client = client_for(persona)
    url = case.url(world)
    data = case.data(world) if callable(case.data) else case.data
    response = getattr(client, case.method)(url, dict(data))
    expected = case.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{persona} {case.method.upper()} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{persona} {case.method.upper()} {url}: expected {expected}, got {response.status_code}"
        )


def base_world(units, personas) -> SimpleNamespace:
    """The objects every matrix starts from: `world.units[code]` and `world.<persona>`."""
    return SimpleNamespace(units=units, **{k: v for k, v in personas.items() if v is not None})
