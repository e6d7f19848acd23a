from django.core.management.base import BaseCommand

from childprog.guideline import load_guideline


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu của Chương trình 2013-2020 theo Hướng dẫn 39 HD/TĐTN-BTH."

    def handle(self, *args, **options):
        program = load_guideline()
        self.stdout.write(
            f"{program}: {program.content_areas.count()} nội dung, "
            f"{program.indicators.count()} chỉ tiêu, {program.target_groups.count()} nhóm đối tượng."
        )
