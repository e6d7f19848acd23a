from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no diacritic folding of its own: childprog.text.Folded calls Python's.
    if connection.vendor == "sqlite":
        from .text import SQLITE_FOLD_FUNCTION, fold

        connection.connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)


class ChildprogConfig(AppConfig):
    name = "childprog"
    verbose_name = _("Đơn vị và chương trình")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import SessionTimeoutMiddleware

        connection_created.connect(_register_sqlite_functions)
        # The session's start is written when the user signs in (sessions infrastructure, no rule).
        user_logged_in.connect(SessionTimeoutMiddleware.stamp, dispatch_uid="childprog-session-stamp")

        from .labels import fill_missing_labels

        fill_missing_labels()
