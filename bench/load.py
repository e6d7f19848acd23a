"""Load run (outside CI): 50 signed-in district officers for 60 s against gunicorn as the README
deploys it (3 sync workers), on the database given; p50/p95 per page.

    .venv/bin/python bench/load.py [DATABASE_URL] [--users 50] [--seconds 60] [--think 2-8]
                                   [--ramp 20] [--warm] [--redis URL] [--port 8104]

Starts gunicorn itself (DEBUG=0), then simulates the officers, each a browser with its own
cookies, as a closed loop with think time:

* Sign-in: officer n starts at n × ramp / users seconds (50 officers over the first 20 s), through
  the login form, a real Argon2 password check (~0.1–0.3 s of CPU and 100 MB each). Fifty checks
  at the same instant would only measure a queue behind 3 workers, which no office produces: people
  arrive over minutes. Sign-ins are timed (form + check) and reported on their own line, never
  mixed into the page figures.
* Pages: after signing in, each officer waits a think time, opens one of the pages officers open
  most, reads it for another think time, and so on until the end. The think time is drawn
  uniformly from 2–8 s (mean 5 s): the time to glance at a dashboard or a list of 25 records and
  pick the next filter or page. A real officer reads a page longer than that, so 50 officers
  offering 50 / 5 s ≈ 10 pages/s is a busy peak (every district's officers at work at once on a
  report deadline), not an average day. The run prints the rate offered (officers / mean think
  time) beside the rate achieved: a server that keeps up achieves nearly all of it.
  Without any think time (each officer clicking as soon as the previous page arrives) 50 requests
  are always in flight; by Little's law a p95 under 300 ms would then need more than 166 pages/s,
  far beyond 3 workers on 2 cores, so that model measured only the length of the queue.
* The clock starts when the last officer has signed in and runs for `seconds`: the figures per
  page, the goal and the achieved rate are those of that window; the pages opened while others
  were still signing in are reported on a line of their own.

The server starts with every cache empty (each of the 3 workers has its own, as the README deploys
it): the first view of a list or dashboard by each worker computes its counts and totals, as after
a restart or any write. `--warm` first opens every page (a server that has been running and
nobody writing); `--redis URL` shares the cache between the workers, as docs/deploy.md does.

Beside the latencies it prints the CPU the gunicorn workers used per page (the Python side;
PostgreSQL's backends are not counted) and the load average before and after. The client is
threads of the standard library on the same machine as the server: it takes a share of the CPU,
so the figures are, if anything, pessimistic.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
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
        if token is None:  # no form: the server answered with an error
            return False
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


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU of gunicorn's worker processes so far (Linux /proc; 0 elsewhere)."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0


def warm_up(base: str) -> float:
    """Every page as every account, three at a time, three rounds: with 3 workers each one
    most likely computes its own cached figures (and PostgreSQL reads its pages) before the clock
    starts. Returns the seconds it took."""
    t = time.perf_counter()

    def one(username: str):
        me = Officer(base)
        me.login(username)
        for _ in range(3):
            for path in PAGES.values():
                me.request(path)

    threads = [threading.Thread(target=one, args=(u,)) for u in OFFICERS for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - t


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "database", nargs="?", default="postgres://postgres@127.0.0.1:5432/childprog_bench_1k"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="the run once everyone is signed in")
    parser.add_argument("--think", type=think_range, default=(2.0, 8.0), help="think time range, s")
    parser.add_argument("--ramp", type=float, default=20.0, help="sign-ins spread over this many s")
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument(
        "--warm",
        action="store_true",
        help="open every page before the clock starts (a server that has been running), "
        "instead of a server just started with every cache empty",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="share the cache between the workers in this Redis database (REDIS_URL, as docs/deploy.md "
        "sets it up with several servers); it is emptied first, so the run starts cold as without it",
    )
    args = parser.parse_args()
    think_low, think_high = args.think
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": "/tmp/childprog-bench-static",
    }
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        env["REDIS_URL"] = args.redis
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(python).with_name("gunicorn")
    # gunicorn's own log: a worker past its 30 s timeout is killed and restarted with an empty cache
    server_log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (read once the server has stopped)
    server = subprocess.Popen(
        [str(gunicorn), "childprog.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", "3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    base = f"http://127.0.0.1:{args.port}"
    load_before = loadavg()
    try:
        for _ in range(120):
            try:
                Officer(base).request("/dang-nhap/")
                break
            except OSError:  # not listening yet
                time.sleep(0.5)
        warmed = warm_up(base) if args.warm else None
        # (start time, seconds, page name, status) of every request, login included
        samples: list[tuple[float, float, str, int]] = []
        lock = threading.Lock()
        began = time.perf_counter()
        # The clock starts when the last officer has signed in (however long the queue of password
        # checks took) and runs for the given seconds.
        stop_at = [float("inf")]
        signed_in = threading.Semaphore(0)

        def timed(name: str, call) -> int:
            t = time.perf_counter()
            try:
                status = call()
            except OSError:
                status = 0
            with lock:
                samples.append((t, time.perf_counter() - t, name, status))
            return status

        def officer(n: int):
            rng = random.Random(n)
            me = Officer(base)
            time.sleep(max(0.0, began + n * args.ramp / args.users - time.perf_counter()))
            try:
                ok = timed("login", lambda: 200 if me.login(OFFICERS[n % len(OFFICERS)]) else 500) == 200
            finally:
                signed_in.release()
            if not ok:
                return
            while True:
                time.sleep(rng.uniform(think_low, think_high))
                if time.perf_counter() >= stop_at[0]:
                    return
                name = rng.choice(list(PAGES))
                timed(name, lambda path=PAGES[name]: me.request(path)[0])

        threads = [threading.Thread(target=officer, args=(n,), daemon=True) for n in range(args.users)]
        for thread in threads:
            thread.start()
        for _ in threads:
            signed_in.acquire()
        steady_from = time.perf_counter()
        stop_at[0] = steady_from + args.seconds
        cpu_steady = workers_cpu_seconds(server.pid)
        for thread in threads:
            thread.join()
        cpu_end = workers_cpu_seconds(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = loadavg()
    server_log.seek(0)
    timeouts = server_log.read().count("WORKER TIMEOUT")
    pages = [s for s in samples if s[2] != "login"]
    steady = [s for s in pages if steady_from <= s[0] < stop_at[0]]
    mean_think = (think_low + think_high) / 2
    print("command:", " ".join([python, *sys.argv]))
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; gunicorn 3 sync workers, DEBUG=0; database {args.database.rsplit('/', 1)[-1]}"
    )
    print(f"load average before {load_before}, after {load_after}")
    print(
        f"{args.users} officers, sign-ins spread over {args.ramp:g} s, then {args.seconds} s all signed in; "
        f"think time {think_low:g}-{think_high:g} s (mean {mean_think:g} s)"
    )
    print(
        f"offered {args.users / mean_think:.1f} pages/s (officers / mean think time); achieved "
        f"{len(steady) / args.seconds:.1f} pages/s over the {args.seconds} s all signed in; "
        f"{len(pages)} pages in all, {sum(1 for s in pages if s[3] != 200)} errors"
        + (
            f"; cache shared by the workers in Redis ({args.redis})"
            if args.redis
            else "; each worker its own cache"
        )
    )
    if warmed is not None:
        print(f"warmed up before the clock: every page as every account, 3 at a time, in {warmed:.0f} s")
    if timeouts:
        print(
            f"gunicorn killed {timeouts} worker(s) past its 30 s timeout (each restarts with an empty cache)"
        )
    if cpu_end and steady:
        print(
            f"gunicorn workers' CPU over the {args.seconds} s all signed in: {cpu_end - cpu_steady:.1f} s "
            f"= {(cpu_end - cpu_steady) / len(steady) * 1000:.0f} ms per page"
        )

    def line(label: str, rows: list, goal: bool) -> None:
        times = [s[1] for s in rows]
        errors = sum(1 for s in rows if s[3] != 200)
        p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
        verdict = ""
        if goal:
            verdict = f"  (goal p95 < {GOAL_P95_MS} ms) " + (
                "ok" if p95 < GOAL_P95_MS and not errors else "OVER"
            )
        print(
            f"  {label:32s} n={len(times):5d}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  "
            f"max {max(times) * 1000:6.0f} ms  errors {errors}{verdict}"
        )

    logins = [s for s in samples if s[2] == "login"]
    if logins:
        line("sign-in (form + password check)", logins, goal=False)
    print(f"all signed in ({args.seconds} s):")
    for name in PAGES:
        rows = [s for s in steady if s[2] == name]
        if rows:
            line(name, rows, goal=True)
    if steady:
        line("every page", steady, goal=True)
    ramp = [s for s in pages if s[0] < steady_from]
    if ramp:
        cold = "" if args.warm else "; every worker's cache starts empty"
        print(f"while the others sign in (the first {steady_from - began:.0f} s{cold}):")
        line("every page", ramp, goal=False)


if __name__ == "__main__":
    main()
