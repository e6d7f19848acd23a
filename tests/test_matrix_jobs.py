"""Background jobs × every persona (tests/matrix.py): a job, its progress and its file belong to
whoever asked for it; everyone else gets 404, as for anything they may not know exists."""

import pytest
from django.urls import reverse

from activities import imports
from jobs.models import Job
from tests.matrix import Case, base_world, check, expect, matrix

OWNER_ONLY = expect(404, officer_ha_quang=200)
CASES = [
    Case("one's jobs", lambda w: reverse("jobs:list"), expect(200)),
    Case("Hà Quảng officer's export job", lambda w: reverse("jobs:detail", args=[w.job.pk]), OWNER_ONLY),
    Case("its file", lambda w: reverse("jobs:download", args=[w.job.pk]), OWNER_ONLY),
    Case(
        "the rows of Hà Quảng officer's import check",
        lambda w: reverse("activities:import_checked", args=[w.check_job.pk]),
        OWNER_ONLY,
    ),
]


@pytest.fixture
def world(units, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = base_world(units, personas)
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "hoat-dong.csv").write_text("Tên hoạt động\nTrung thu Hà Quảng\n", encoding="utf-8")
    world.job = Job.objects.create(
        owner=personas["officer_ha_quang"],
        kind="export",
        title="Xuất danh sách hoạt động",
        status=Job.Status.DONE,
        file="jobs/hoat-dong.csv",
        filename="hoat-dong.csv",
    )
    world.check_job = Job.objects.create(
        owner=personas["officer_ha_quang"],
        kind=imports.CHECK_KIND,
        title="Kiểm tra tệp nhập",
        status=Job.Status.DONE,
        result={"errors": [[3, "thiếu tên hoạt động"]], "error_count": 1, "warning": True},
    )
    return world


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)


def test_the_list_shows_only_ones_own_jobs(world, client_for):
    assert (
        "Xuất danh sách hoạt động"
        in client_for("officer_ha_quang").get(reverse("jobs:list")).content.decode()
    )
    assert (
        "Xuất danh sách hoạt động" not in client_for("provincial").get(reverse("jobs:list")).content.decode()
    )
