import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu và dữ liệu mẫu (đơn vị, chương trình, tài khoản thử, hoạt động, báo cáo). "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reform", action="store_true", help="Nạp cả tệp sắp xếp đơn vị 2025 (kết thúc cấp huyện)."
        )
        parser.add_argument("--force", action="store_true", help="Cho phép khi DEBUG=0.")

    def handle(self, *args, reform, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Dữ liệu mẫu có mật khẩu công khai: chỉ chạy khi DEBUG=1 (hoặc --force).")
        # Each app seeds its own part (childprog first, then the apps built on it), through its
        # `demo.seed()`; the core never imports the apps above it.
        with transaction.atomic():
            # Reports come last: approving a demo report freezes it whole, plans and
            # commendations included, so they must be seeded before.
            configs = sorted(apps.get_app_configs(), key=lambda c: c.name == "reports")
            for config in configs:
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                if config.name == "childprog":
                    module.seed(self.stdout, reform=reform)
                else:
                    module.seed(self.stdout)
        importlib.import_module("childprog.demo").print_users(self.stdout)
