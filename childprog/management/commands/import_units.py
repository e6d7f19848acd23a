import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from childprog.resources import import_units, read_dataset


class Command(BaseCommand):
    help = "Nhập danh sách đơn vị từ tệp CSV hoặc XLSX (toàn bộ tệp, hoặc không dòng nào)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra, không lưu.")

    def handle(self, *args, file, dry_run, **options):
        try:
            dataset = read_dataset(file)
        except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as e:
            raise CommandError(f"Không đọc được tệp {file}: {e}") from e
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        result, errors = import_units(dataset, dry_run=dry_run, name=Path(file).name)
        if errors:
            for line, reasons in sorted(errors.items()):
                where = f"Dòng {line}" if line else "Tệp"
                self.stderr.write(f"{where}: {' '.join(reasons)}")
            raise CommandError("Tệp bị từ chối, không lưu dòng nào.")
        totals = result.totals
        self.stdout.write(
            f"{file}: thêm {totals['new']}, cập nhật {totals['update']}, không đổi {totals['skip']}"
            + (" (chạy thử, chưa lưu)" if dry_run else "")
        )
