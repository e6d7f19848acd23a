"""Load run (outside CI): 50 signed-in district officers for 60 s against gunicorn as the README
deploys it (3 sync workers), on the database given; p50/p95 per page.

    .venv/bin/python bench/load.py [DATABASE_URL] [--users 50] [--seconds 60] [--port 8104]

Starts gunicorn itself (DEBUG=0), signs every simulated officer in through the login form (a real
password check), then each opens the pages officers open most, one after the other, as fast as the
server answers, for the given time. The client is threads of the standard library, on the same
machine as the server: it takes a share of the CPU, so the figures are, if anything, pessimistic.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = ["haquang", "hoaan", "quanghoa"]
PASSWORD = "demo-CaoBang-2026"
PAGES = {
    "dashboard": "/bao-cao/tong-quan/",
    "activity list": "/hoat-dong/",
    "activity list, page 2": "/hoat-dong/?page=2",
    "activity list by title": "/hoat-dong/?sort=title",
    "activity list, content area 2": "/hoat-dong/?content_area=2",
    "plans": "/ke-hoach/",
}
GOAL_P95_MS = 300


class Officer:
    """One browser: its own cookies (kept by hand, since the session cookie is marked Secure and
    the run is plain HTTP behind a stated X-Forwarded-Proto, as behind the README's proxy)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        req.add_header("X-Forwarded-Proto", "https")
        req.add_header("Referer", self.base.replace("http://", "https://") + path)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(req, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read()

    def login(self, username: str) -> bool:
        status, page = self.request("/dang-nhap/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        status, _ = self.request(
            "/dang-nhap/",
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD},
        )
        return status == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "database", nargs="?", default="postgres://postgres@127.0.0.1:5432/childprog_bench_1k"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8104)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": "/tmp/childprog-bench-static",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "childprog.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", "3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(120):
            try:
                Officer(base).request("/dang-nhap/")
                break
            except OSError:  # not listening yet
                time.sleep(0.5)
        results: dict[str, list[float]] = {name: [] for name in ["login", *PAGES]}
        errors: dict[str, int] = {name: 0 for name in results}
        lock = threading.Lock()
        start_line = threading.Barrier(args.users + 1)
        stop_at = [0.0]

        def officer(n: int):
            rng = random.Random(n)
            me = Officer(base)
            t = time.perf_counter()
            ok = me.login(OFFICERS[n % len(OFFICERS)])
            with lock:
                results["login"].append(time.perf_counter() - t)
                errors["login"] += 0 if ok else 1
            start_line.wait()
            while time.perf_counter() < stop_at[0]:
                name = rng.choice(list(PAGES))
                t = time.perf_counter()
                try:
                    status, _ = me.request(PAGES[name])
                except OSError:
                    status = 0
                elapsed = time.perf_counter() - t
                with lock:
                    results[name].append(elapsed)
                    errors[name] += 0 if status == 200 else 1

        threads = [threading.Thread(target=officer, args=(n,), daemon=True) for n in range(args.users)]
        for thread in threads:
            thread.start()
        start_line.wait()
        began = time.perf_counter()
        stop_at[0] = began + args.seconds
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for k, v in results.items() if k != "login")
    print("command:", " ".join([python, *sys.argv]))
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; gunicorn 3 sync workers, DEBUG=0; database {args.database.rsplit('/', 1)[-1]}"
    )
    print(
        f"{args.users} signed-in officers for {args.seconds} s: {total} pages, {total / wall:.1f} req/s, "
        f"{sum(v for k, v in errors.items() if k != 'login')} errors"
    )
    for name, times in results.items():
        if not times:
            continue
        p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
        ok = "" if name == "login" else ("ok" if p95 < GOAL_P95_MS and not errors[name] else "OVER")
        print(
            f"  {name:32s} n={len(times):5d}  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  "
            f"mean {statistics.mean(times) * 1000:7.0f} ms  errors {errors[name]}  (goal p95 < {GOAL_P95_MS} ms) {ok}"
        )


if __name__ == "__main__":
    main()
