from django.core.management.base import BaseCommand, CommandError

from childprog.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và thư mục media vào một tệp .tar.gz (mặc định trong backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Thư mục ghi bản sao lưu (mặc định BACKUP_DIR).")

    def handle(self, *args, dir=None, **options):
        try:
            path = create_backup(dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
