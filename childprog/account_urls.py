"""Accounts inside the portal (namespace "accounts"); every change is a POST."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("tao-moi/", views.account_create, name="create"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/chuyen-don-vi/", views.account_reassign, name="reassign"),
    path("<int:pk>/cap-mat-khau-tam/", views.account_reset_password, name="reset_password"),
    path("<int:pk>/khoa/", views.account_deactivate, name="deactivate"),
    path("<int:pk>/mo-khoa/", views.account_reactivate, name="reactivate"),
]
