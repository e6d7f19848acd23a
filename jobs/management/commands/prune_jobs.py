"""Delete finished jobs older than --days (default 7) and their files: an export can always be
made again, and the media folder should not grow with old downloads. Meant for a daily cron job."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.models import Job


class Command(BaseCommand):
    help = "Xóa các công việc chạy nền đã xong quá số ngày cho trước, cùng tệp kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        old = Job.objects.filter(
            status__in=[Job.Status.DONE, Job.Status.FAILED],
            finished_at__lt=timezone.now() - timedelta(days=days),
        )
        count = 0
        for job in old.iterator():
            if job.file_path is not None:
                job.file_path.unlink(missing_ok=True)
            count += 1
        old.delete()
        self.stdout.write(f"{count}")
