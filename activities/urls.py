from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("xuat.xlsx", views.activity_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("xuat.csv", views.activity_export, {"fmt": "csv"}, name="export_csv"),
    path("ghi/", views.activity_create, name="create"),
    path("ghi/chi-tieu/", views.indicator_fields, name="indicator_fields"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/sua/", views.activity_edit, name="edit"),
    path("<int:pk>/xoa/", views.activity_delete, name="delete"),
    path("<int:pk>/tep/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/dang-tin/", views.news_publish, name="publish"),
    path("<int:pk>/go-tin/", views.news_unpublish, name="unpublish"),
    path("tep/<int:pk>/", views.attachment_file, name="file"),
    path("tep/<int:pk>/anh-nho/", views.attachment_file, {"variant": "thumb"}, name="thumb"),
    path("tep/<int:pk>/dong-y/", views.attachment_consent, name="consent"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/kiem-tra/<uuid:pk>/", views.import_checked, name="import_checked"),
    path("tin-tuc/", views.news_list, name="news"),
    path("tin-tuc/anh/<int:pk>/", views.news_photo, name="news_photo"),
    path("tin-tuc/anh/<int:pk>/nho/", views.news_photo, {"variant": "thumb"}, name="news_thumb"),
]
