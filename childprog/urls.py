from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Quản trị Cổng thông tin vì trẻ em Cao Bằng")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Đơn vị, chương trình, người dùng và dữ liệu tham chiếu")

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.unit_tree, name="units"),
    path("tai-khoan/", include("childprog.account_urls")),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("hoat-dong/", include("activities.urls")),
    path("bao-cao/", include("reports.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("khen-thuong/", include("commendations.urls")),
    path("van-ban/", include("library.urls")),
    path("cong-viec/", include("jobs.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("quan-tri/", admin.site.urls),
]
