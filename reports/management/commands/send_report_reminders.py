"""Email the officers of units whose report is due soon or late — once per unit and day. The
mails are queued for the job worker, so a slow mail server does not hold the command."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from childprog.models import Membership, Period, Role
from reports.mail import send_email
from reports.models import ReminderLog
from reports.status import reporting_status

DUE_SOON_DAYS = 3


class Command(BaseCommand):
    help = "Nhắc các đơn vị sắp đến hạn hoặc quá hạn nộp báo cáo (mỗi đơn vị một lần mỗi ngày)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        periods = Period.objects.filter(end__lt=today, due_date__gte=today - timedelta(days=60))
        sent = 0
        for period in periods.select_related("program"):
            if period.due_date - today > timedelta(days=DUE_SOON_DAYS):
                continue
            for expected in reporting_status(period).expected:
                if expected.state in ("on_time", "late"):
                    continue
                try:
                    with transaction.atomic():
                        ReminderLog.objects.create(unit_id=expected.unit_id, period=period, day=today)
                except IntegrityError:
                    continue  # already reminded today
                emails = list(
                    Membership.objects.filter(unit_id=expected.unit_id, role=Role.DISTRICT_OFFICER)
                    .exclude(user__email="")
                    .values_list("user__email", flat=True)
                )
                if not emails:
                    continue
                late = today > period.due_date
                subject = (
                    f"[Vì trẻ em Cao Bằng] {'Quá hạn' if late else 'Sắp đến hạn'} báo cáo {period.label}"
                )
                body = (
                    f"{expected.name}: báo cáo {period.label} có hạn nộp ngày {period.due_date:%d/%m/%Y}. "
                    "Xin đồng chí đăng nhập cổng thông tin để hoàn thành và gửi báo cáo."
                )
                send_email.enqueue(subject, body, emails)  # its reminder log is committed already
                sent += 1
        self.stdout.write(f"Đã xếp {sent} thư nhắc để gửi.")
