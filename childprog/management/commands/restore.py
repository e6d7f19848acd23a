from django.core.management.base import BaseCommand, CommandError

from childprog.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và thư mục media từ một bản sao lưu (thay toàn bộ dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .tar.gz do manage.py backup ghi.")

    def handle(self, *args, file, **options):
        try:
            manifest = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã khôi phục {file} (sao lưu lúc {manifest.get('created')}).")
