"""Corrections of records whose period is already reported on.

Activities must not import reports (dependencies point one way: reports → activities), yet a
record in a period whose report is approved may be corrected only with a written reason. So the
reports app registers a check here (in its AppConfig.ready()), and activities asks the registry.
"""

from collections.abc import Callable
from datetime import date

CorrectionCheck = Callable[[object, date], "str | None"]
_checks: list[CorrectionCheck] = []


def register_correction_check(func: CorrectionCheck) -> CorrectionCheck:
    """Register func(unit, day) -> a reason text when a record of `unit` ending on `day` falls in
    an approved report (None otherwise). Usable as a decorator; registering twice is harmless."""
    if func not in _checks:
        _checks.append(func)
    return func


def unregister_correction_check(func: CorrectionCheck) -> None:
    if func in _checks:
        _checks.remove(func)


def correction_required(unit, day: date) -> str | None:
    """Why a change to a record of `unit` ending on `day` is a correction, or None."""
    for check in _checks:
        reason = check(unit, day)
        if reason:
            return reason
    return None
