"""A long export is not cut short by the queue: on RQ (the deployed layout) the job is enqueued
with the portal's job timeout, not RQ's own 180 s, which an XLSX of a million records outlasts."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_jobs_deployed import REDIS_URL, redis_up

# Enqueued in a process of its own: the task backend and RQ's queues are read from the
# environment once, at start-up, as in a deployed server.
ENQUEUE = """
import django
django.setup()
import django_rq
from rq.job import Job
from activities.exports import export_records
result = export_records.enqueue("0")
job = Job.fetch(result.id, connection=django_rq.get_connection("default"))
print(job.timeout)
job.delete()
"""


@pytest.mark.parametrize("configured", [None, "5400"])
def test_an_rq_export_job_gets_the_portals_timeout(configured):
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    env = {**os.environ, "TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL}
    env.pop("JOB_TIMEOUT_SECONDS", None)
    if configured:
        env["JOB_TIMEOUT_SECONDS"] = configured
    out = subprocess.run(
        [sys.executable, "-c", ENQUEUE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert int(out.stdout.split()[-1]) == int(configured or 3600)
