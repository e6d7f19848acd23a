"""`make screenshots`: the main pages, on a desktop (1280 px) and a phone (375 px), written to
docs/screenshots/ as small PNGs (the top of each page, 256 colours).

Runs on its own throw-away SQLite database with the demo data and a server on a free port, so the
developer's database is left alone. Needs Debian's Chromium (/usr/bin/chromium)."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo-CaoBang-2026"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# (file name, user or None, path or a function of the Django ORM giving it, what to click first)
PAGES = [
    ("tin-tuc", None, "/hoat-dong/tin-tuc/", None),
    ("dang-nhap", None, "/dang-nhap/", None),
    ("trang-chu-can-bo-huyen", "haquang", "/", None),
    ("menu-dien-thoai", "haquang", "/", "summary.site-menu-toggle"),
    ("ghi-hoat-dong", "haquang", "/hoat-dong/ghi/", None),
    ("danh-sach-hoat-dong", "haquang", "/hoat-dong/", None),
    ("chi-tiet-hoat-dong", "haquang", "activity", None),
    ("ky-bao-cao", "haquang", "/bao-cao/", None),
    ("bao-cao-bi-tra-lai", "haquang", "returned", None),
    ("tong-quan", "tinhdoan", "/bao-cao/tong-quan/", None),
    ("bao-cao-tinh", "tinhdoan", "provincial", None),
    ("ke-hoach", "tinhdoan", "plan", None),
    ("co-cau-don-vi", "tinhdoan", "/don-vi/", None),
    ("tai-khoan", "tinhdoan", "/tai-khoan/", None),
    ("nhat-ky", "tinhdoan", "/nhat-ky/", None),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def object_paths():
    import django

    django.setup()
    from activities.models import Activity
    from plans.models import Plan
    from reports.models import Report

    return {
        "activity": f"/hoat-dong/{Activity.objects.filter(unit__code='ha-quang').order_by('-end_date').first().pk}/",
        "returned": f"/bao-cao/{Report.objects.filter(status='returned').first().pk}/",
        "provincial": f"/bao-cao/{Report.objects.filter(unit__parent__isnull=True, status='approved').first().pk}/",
        "plan": f"/ke-hoach/{Plan.objects.order_by('-year').first().pk}/",
    }


def small_png(path):
    from PIL import Image

    image = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)


def main():
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="childprog-shots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DEBUG": "1",
        "MEDIA_ROOT": str(work),
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")
    sys.path.insert(0, str(ROOT))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    paths = object_paths()
    port = free_port()
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for width, suffix in ((1280, "desktop"), (375, "phone")):
                contexts = {}
                for name, user, path, click in PAGES:
                    if click and width > 1199:
                        continue  # the menu button exists on a phone only
                    if user not in contexts:
                        context = browser.new_context(
                            locale="vi-VN", viewport={"width": width, "height": 900}, reduced_motion="reduce"
                        )
                        page = context.new_page()
                        if user:
                            page.goto(base + "/dang-nhap/")
                            page.fill("#id_username", user)
                            page.fill("#id_password", PASSWORD)
                            page.locator("main").get_by_role("button", name="Đăng nhập").click()
                            page.wait_for_load_state()
                        contexts[user] = page
                    page = contexts[user]
                    page.goto(base + paths.get(path, path))
                    if click:
                        page.click(click)
                    target = OUT / f"{name}-{suffix}.png"
                    page.screenshot(path=str(target))
                    small_png(target)
                    print(target.relative_to(ROOT), target.stat().st_size // 1024, "KB")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
