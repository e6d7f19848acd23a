import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .formats import format_number


class ForcePasswordChangeMiddleware:
    """A user holding a temporary password (reset by their superior) changes it before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class PortalLanguageMiddleware:
    """Vietnamese unless the user chose otherwise with the language menu (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an officer whose
    browser is set to English would get half the interface in English. Placed before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for.

    - Permissions-Policy: the portal uses no camera, microphone, location, payment or USB; a
      script slipped into a page cannot ask for them either.
    - Cache-Control: no-store on every response to a signed-in user (pages and exports hold
      names of children and officers): the browser and any proxy keep no copy once the session
      ends. Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after its last request (idle) and
    SESSION_ABSOLUTE_SECONDS after sign-in however active it is. Forms keep their drafts in the
    browser, so signing in again loses nothing typed.

    The idle expiry is renewed by saving the session, at most once a SESSION_REFRESH_SECONDS
    (rather than Django's SESSION_SAVE_EVERY_REQUEST, a database write on every request)."""

    KEY = "_signed_in_at"
    SEEN = "_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(self.KEY)
            if started is None:  # a session from before the limit existed
                request.session[self.KEY] = started = int(time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = format_number(settings.SESSION_ABSOLUTE_SECONDS / 3600, 0)
                messages.info(
                    request, _("Phiên làm việc đã quá %(hours)s giờ: hãy đăng nhập lại.") % {"hours": hours}
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.SEEN] = now  # saves the session: its expiry starts again
        return response

    @classmethod
    def stamp(cls, sender, request, user, **kwargs):
        """On sign-in (user_logged_in, connected in childprog.apps): the start of the session,
        saved with it, so the absolute limit counts from here and no request pays a write."""
        now = int(time.time())
        request.session[cls.KEY] = now
        request.session[cls.SEEN] = now
