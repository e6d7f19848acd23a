from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("ky/mo/", views.period_open, name="period_open"),
    path("ky/<int:pk>/", views.period_detail, name="period"),
    path("ky/<int:pk>/khoa/", views.period_lock, name="period_lock"),
    path("ky/<int:pk>/yeu-cau-co-so/<int:unit_pk>/", views.ask_grassroots, name="ask_grassroots"),
    path("ky/<int:pk>/don-vi/<int:unit_pk>/", views.report_open, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/luu/", views.save, name="save"),
    path("<int:pk>/gui/", views.submit, name="submit"),
    path("<int:pk>/rut-lai/", views.withdraw, name="withdraw"),
    path("<int:pk>/duyet/", views.approve, name="approve"),
    path("<int:pk>/tra-lai/", views.return_, name="return"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/ban-ky/", views.upload_scan, name="upload_scan"),
    path("<int:pk>/ban-ky/tai/", views.scan, name="scan"),
    path("<int:pk>/hoat-dong/", views.records, name="records"),
    path("<int:pk>/ban-da-duyet/<int:sequence>/", views.approved_copy, name="approved_copy"),
    path("<int:pk>/ban-da-duyet/<int:sequence>/ban-ky/", views.approved_copy_scan, name="approved_copy_scan"),
    path("<int:pk>/xlsx/", views.download_xlsx, name="xlsx"),
    path("<int:pk>/docx/", views.download_docx, name="docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
    path("tong-quan/", views.dashboard, name="dashboard"),
]
