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
    when it names objects): actions are POST-only.

    A POST row states its effect, since the refused and the allowed persona may both get a 302:
    `effect(world)` reads the state the action changes (a row, a field), and `changes` names the
    personas whose request must change it; for every other persona it must stay the same.
    `setup(world)` prepares the state first when the action needs it (reactivating needs an
    inactive account)."""

    name: str
    url: Callable[[SimpleNamespace], str]
    expected: Mapping[str, int | str]
    method: str = "get"
    data: Mapping | Callable[[SimpleNamespace], Mapping] = field(default_factory=dict)
    effect: Callable[[SimpleNamespace], object] | None = None
    changes: frozenset[str] | set[str] = frozenset()
    setup: Callable[[SimpleNamespace], None] | None = None


def matrix(cases: list[Case]) -> list:
    """pytest parameters (case, persona) with readable ids: "units page-reader"."""
    params = []
    for case in cases:
        missing = set(PERSONAS) - set(case.expected)
        if missing:
            raise ValueError(f"{case.name}: no expectation for {sorted(missing)}")
        if case.method == "post" and case.effect is None:
            raise ValueError(f"{case.name}: a POST row states its effect (effect=, changes=)")
        if set(case.changes) - set(PERSONAS):
            raise ValueError(f"{case.name}: unknown personas in changes")
        params += [pytest.param(case, persona, id=f"{case.name}-{persona}") for persona in PERSONAS]
    return params


def check(case: Case, persona: str, world: SimpleNamespace, client_for) -> None:
    client = client_for(persona)
    if case.setup is not None:
        case.setup(world)
    url = case.url(world)
    data = case.data(world) if callable(case.data) else case.data
    before = case.effect(world) if case.effect is not None else None
    response = getattr(client, case.method)(url, dict(data))
    if case.effect is not None:
        after = case.effect(world)
        if persona in case.changes:
            assert after != before, f"{persona} {case.method.upper()} {url}: should have changed {before!r}"
        else:
            assert after == before, f"{persona} {case.method.upper()} {url}: changed {before!r} to {after!r}"
    expected = case.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{persona} {case.method.upper()} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{persona} {case.method.upper()} {url}: expected {expected}, got {response.status_code}"
        )


class AnyObject:
    """Stands for any object of a world: every attribute and item is another AnyObject, every
    primary key `pk` (1, or a UUID for models keyed by one). Enough to build each row's URL without
    a database, to know which URL it is."""

    def __init__(self, pk=1):
        self.pk = self.id = pk

    def __getattr__(self, name):
        return AnyObject(self.pk)

    def __getitem__(self, key):
        return AnyObject(self.pk)


def url_name(case: Case) -> str:
    """The resolver's name of the URL a row requests ("reports:approve")."""
    from uuid import UUID

    from django.urls import NoReverseMatch, resolve

    try:
        url = case.url(AnyObject())
    except NoReverseMatch:
        url = case.url(AnyObject(UUID(int=1)))
    return resolve(url.split("?")[0]).view_name


def base_world(units, personas) -> SimpleNamespace:
    """The objects every matrix starts from: `world.units[code]` and `world.<persona>`."""
    return SimpleNamespace(units=units, **{k: v for k, v in personas.items() if v is not None})
