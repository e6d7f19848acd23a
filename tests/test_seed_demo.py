"""`manage.py seed_demo` (run by `make run`) is deterministic and idempotent."""

import io

from django.apps import apps
from django.core.management import call_command


def counts():
    return {
        m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.label.startswith("admin.")
    }


def test_seed_demo_twice_changes_nothing_and_prints_the_demo_users(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    assert first["childprog.Unit"] == 45
    assert first["childprog.Program"] == 2
    text = out.getvalue()
    for username in ("tinhdoan", "haquang", "nuochai", "ubndtinh", "quantri"):
        assert username in text
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first


def test_seed_demo_refuses_to_run_in_production(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_with_the_2025_reform_records_communes_after_it(db, settings):
    from activities.models import Activity

    settings.DEBUG = True
    call_command("seed_demo", "--reform", stdout=io.StringIO())
    after = Activity.objects.filter(end_date__gte="2025-07-01")
    assert after.exists()
    assert not after.filter(unit__kind__in=["district", "city"]).exists()
    first = counts()
    call_command("seed_demo", "--reform", stdout=io.StringIO())
    assert counts() == first
