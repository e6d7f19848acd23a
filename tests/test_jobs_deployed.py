"""The deployed layout runs a job end to end: an export asked for through one gunicorn process is
run by a separate RQ worker on Redis, and its file is downloaded through a second gunicorn process
that shares the database and the media folder — as several servers behind a proxy do."""

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import global_settings
from django.db import connection

from activities.testing import load_programs, make_activity
from tests.conftest import PASSWORD, ROOT, d, require_tool

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_up() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process ended with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(port)


class Browser:
    """Just enough of a browser: cookies, CSRF token from the page, redirects followed."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.read()

    def post(self, url, data, referer):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": referer})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read()


def csrf(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


@pytest.fixture
def deployed(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the deployed layout shares a PostgreSQL database between processes")
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    require_tool(str(ROOT / ".venv" / "bin" / "gunicorn"), "the deployed layout runs gunicorn")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EXPORT_INLINE_MAX_ROWS": "0",
        "CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    bin_dir = ROOT / ".venv" / "bin"
    ports = [free_port(), free_port()]
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = []

    def spawn(name, *args):
        out = (logs / f"{name}.log").open("w")
        processes.append(subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        return processes[-1]

    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    servers = [
        spawn(
            f"gunicorn-{i}",
            str(bin_dir / "gunicorn"),
            "childprog.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--graceful-timeout",
            "2",
        )
        for i, port in enumerate(ports)
    ]
    spawn(
        "worker",
        sys.executable,
        "manage.py",
        "rqworker",
        "default",
        "--job-class",
        "django_tasks_rq.Job",
    )
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_for_port(port, server)
        yield [f"http://127.0.0.1:{port}" for port in ports], logs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_job_asked_on_one_server_runs_in_the_worker_and_downloads_from_another(
    deployed, settings, units, officer_ha_quang, provincial
):
    (first, second), logs = deployed
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the servers verify with
    officer_ha_quang.set_password(PASSWORD)
    officer_ha_quang.save()
    load_programs()
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title="Trung thu Hà Quảng")
    make_activity(provincial, units["quang-hoa"], d("01/06/2022"), title="Trung thu Quảng Hòa")

    browser = Browser()
    _url, page = browser.get(first + "/dang-nhap/")
    browser.post(
        first + "/dang-nhap/",
        {"username": officer_ha_quang.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf(page)},
        referer=first + "/dang-nhap/",
    )
    _url, page = browser.get(first + "/hoat-dong/xuat.csv")
    job_url, _page = browser.post(
        first + "/hoat-dong/xuat.csv",
        {"query": "", "csrfmiddlewaretoken": csrf(page)},
        referer=first + "/hoat-dong/xuat.csv",
    )
    assert "/cong-viec/" in job_url, (logs / "gunicorn-0.log").read_text()
    job_path = urllib.parse.urlsplit(job_url).path
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _url, status = browser.get(second + job_path)
        if b"/tai-ve/" in status or "Không thành công".encode() in status:
            break
        time.sleep(0.5)
    assert b"/tai-ve/" in status, (logs / "worker.log").read_text()
    _url, body = browser.get(second + job_path + "tai-ve/")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r[7] for r in rows[1:]] == ["Trung thu Hà Quảng"]
