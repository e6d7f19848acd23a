"""Corrections of records whose period is already reported on.

Activities must not import reports (dependencies point one way: reports → activities), yet a
record in a period whose report is approved may be corrected only with a written reason. So the
reports app registers a check here (in its AppConfig.ready()), and activities asks the registry.

A check answers for many (unit, day) places at once, so that an import of a whole file asks the
database once, not once per row; the one-place question is the same check asked for one place.
"""

from collections.abc import Callable, Iterable
from datetime import date

CorrectionCheck = Callable[[object, date], "str | None"]
# many(places) -> {(unit id, day): reason} for the places that are corrections
ManyCheck = Callable[[list[tuple[object, date]]], dict[tuple[int, date], str]]
_checks: list[tuple[CorrectionCheck, ManyCheck | None]] = []


def register_correction_check(func: CorrectionCheck, many: ManyCheck | None = None) -> CorrectionCheck:
    """Register func(unit, day) -> a reason text when a record of `unit` ending on `day` falls in
    an approved report (None otherwise), and optionally `many`, the same answer for a list of
    places in a bounded number of queries. Usable as a decorator; registering twice is harmless."""
    if all(f is not func for f, _m in _checks):
        _checks.append((func, many))
    return func


def unregister_correction_check(func: CorrectionCheck) -> None:
    _checks[:] = [(f, m) for f, m in _checks if f is not func]


def corrections_required(places: Iterable[tuple[object, date]]) -> dict[tuple[int, date], str]:
    """{(unit id, day): why a change there is a correction} for the places that are corrections."""
    unique = list({(unit.pk, day): (unit, day) for unit, day in places}.values())
    out: dict[tuple[int, date], str] = {}
    for func, many in _checks:
        todo = [(u, d) for u, d in unique if (u.pk, d) not in out]
        if not todo:
            break
        found = many(todo) if many is not None else {(u.pk, d): r for u, d in todo if (r := func(u, d))}
        for key, reason in found.items():
            out.setdefault(key, reason)
    return out


def correction_required(unit, day: date) -> str | None:
    """Why a change to a record of `unit` ending on `day` is a correction, or None."""
    return corrections_required([(unit, day)]).get((unit.pk, day))
