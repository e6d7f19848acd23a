"""Check the summary tables (reports.tally) against the live sums of the records and figures, and
rebuild them when asked. The triggers keep them exact; this is the operator's proof, and the way
back after something bypassed the triggers (a restore of one table, triggers disabled by hand)."""

from django.core.management.base import BaseCommand, CommandError

from reports import tally


class Command(BaseCommand):
    help = "Đối chiếu bảng tổng hợp số liệu với số liệu gốc; --rebuild để tính lại từ đầu."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Tính lại bảng tổng hợp từ số liệu gốc.")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            tally.rebuild()
            self.stdout.write("Đã tính lại bảng tổng hợp.")
        differences = tally.differences()
        if any(differences.values()):
            raise CommandError(
                f"Bảng tổng hợp lệch số liệu gốc: {differences['figures']} dòng số liệu, "
                f"{differences['records']} dòng số hoạt động (chạy lại với --rebuild)."
            )
        self.stdout.write("Bảng tổng hợp khớp số liệu gốc.")
