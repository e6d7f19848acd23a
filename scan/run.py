"""`make scan` (outside CI): wapiti and sqlmap against the portal as deployed, signed in as a
district officer, on a throw-away copy of the demo data.

    make scan                                   # wapiti for about 15 minutes, then sqlmap
    .venv/bin/python scan/run.py --minutes 5    # a shorter run

Starts gunicorn itself (DEBUG=0, 3 workers) on its own SQLite database with the demo data, signs
in as `haquang` through the login form, then runs wapiti (every default module, the officer's
session, sign-out and password pages left alone so the session lives) and sqlmap on the list
filters. Prints each finding of medium severity or above and exits 1 if there is one; the full
wapiti report is written to scan/last-wapiti.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".venv-scan" / "bin"
USER, PASSWORD = "haquang", "demo-CaoBang-2026"
MEDIUM = 2  # wapiti's levels: 0 info, 1 low, 2 medium, 3 high, 4 critical
# Never followed: they would end the scan's session or change the officer's password.
EXCLUDED = ["/dang-xuat/", "/doi-mat-khau/", "/tai-khoan/*/cap-mat-khau-tam/"]
# The parameters sqlmap tries, on the pages that filter by them.
SQLMAP_TARGETS = [
    ("/hoat-dong/?q=trung&unit=1&content_area=1&sort=title&period=1", "q,unit,content_area,sort,period"),
    ("/khen-thuong/?q=be", "q"),
    ("/van-ban/?q=ke", "q"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base: str) -> str:
    """The officer's cookies after a real sign-in, as one Cookie header value."""
    cookies: dict[str, str] = {}

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def send(path, data=None):
        request = urllib.request.Request(
            base + path, data=urllib.parse.urlencode(data).encode() if data else None
        )
        if cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        try:
            response = urllib.request.build_opener(Keep).open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read()

    _, page = send("/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    status, _ = send("/dang-nhap/", {"csrfmiddlewaretoken": token, "username": USER, "password": PASSWORD})
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"sign-in as {USER} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wapiti(base: str, cookie: str, work: Path, minutes: int) -> list[dict]:
    report = ROOT / "scan" / "last-wapiti.json"
    command = [
        str(TOOLS / "wapiti"),
        "-u", base + "/",
        "--scope", "folder",
        "-C", cookie,
        # The crawl and each attack module get their share of the time; unbounded, wapiti's
        # attacks on a few hundred forms run for hours.
        "--max-scan-time", str(minutes * 60),
        "--max-attack-time", str(max(30, minutes * 60 // 12)),
        "--max-links-per-page", "60",
        "--max-files-per-dir", "40",
        "--flush-session",
        "--store-session", str(work / "wapiti"),
        "--store-config", str(work / "wapiti-config"),
        "-f", "json",
        "-o", str(report),
    ]  # fmt: skip
    for path in EXCLUDED:
        command += ["-x", base + path]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    found = json.loads(report.read_text(encoding="utf-8"))
    crawled = found.get("infos", {}).get("crawled_pages_nbr", 0)
    print(f"wapiti {found.get('infos', {}).get('version', '')}: {crawled} pages crawled")
    serious = []
    for section in ("vulnerabilities", "anomalies"):
        for category, items in found.get(section, {}).items():
            levels = [item.get("level", 0) for item in items]
            if items:
                print(f"  {section}: {category}: {len(items)} (levels {sorted(set(levels))})")
            serious += [dict(item, category=category) for item in items if item.get("level", 0) >= MEDIUM]
    return serious


def sqlmap(base: str, cookie: str, work: Path) -> list[str]:
    injectable = []
    for path, params in SQLMAP_TARGETS:
        result = subprocess.run(
            [
                str(TOOLS / "sqlmap"),
                "-u",
                base + path,
                "-p",
                params,
                "--cookie",
                cookie,
                "--batch",
                "--level",
                "2",
                "--risk",
                "1",
                "--disable-coloring",
                "--output-dir",
                str(work / "sqlmap"),
            ],  # fmt: skip
            capture_output=True,
            text=True,
        )
        tested = "do not appear to be injectable" in result.stdout
        hit = re.findall(r"parameter '([^']+)' (?:is|appears to be) .*injectable", result.stdout)
        print(
            f"sqlmap {path.split('?')[0]} ({params}): "
            + ("injectable: " + ", ".join(hit) if hit else "none injectable" if tested else "inconclusive")
        )
        injectable += [f"{path.split('?')[0]} {name}" for name in hit]
        if not hit and not tested:
            injectable.append(f"{path}: sqlmap did not finish: {result.stdout[-400:]}")
    return injectable


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=15, help="wapiti's time limit")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="childprog-scan-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "scan-only-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        # Plain HTTP on the loopback: the scanners talk to gunicorn directly, without the proxy.
        "SECURE_SSL_REDIRECT": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--force"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([*manage, *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    base = f"http://127.0.0.1:{port}"
    with open(work / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [str(gunicorn), "childprog.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            for _ in range(120):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.5)
            started = time.monotonic()
            serious = wapiti(base, sign_in(base), work, args.minutes)
            injectable = sqlmap(base, sign_in(base), work)
        finally:
            server.terminate()
            server.wait()
    errors = (work / "gunicorn.log").read_text(errors="replace").count("Traceback")
    print(f"server errors logged: {errors}; {time.monotonic() - started:.0f} s in all")
    for item in serious:
        print(f"MEDIUM OR ABOVE: {item['category']} (level {item.get('level')}): {item.get('method')} "
              f"{item.get('path')} {item.get('parameter', '')}: {item.get('info', '')}")  # fmt: skip
    for item in injectable:
        print(f"INJECTABLE: {item}")
    sys.exit(1 if serious or injectable or errors else 0)


if __name__ == "__main__":
    main()
