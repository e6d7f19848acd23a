"""Writing the audit log: one call, `record(action, obj, by=...)`, inside the service that makes
the change, so every path to it (portal page, admin, command, background job) leaves an entry.

The client's address comes from the request being served (AuditRequestMiddleware keeps it for
the request's duration), read with the portal's one rule for addresses behind proxies
(childprog.lockout.client_ip); a command or a job has none."""

from __future__ import annotations

from contextvars import ContextVar

from childprog.lockout import client_ip

from .models import Entry

Action = Entry.Action

_request: ContextVar = ContextVar("audit_request", default=None)


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(action: str, obj=None, *, by, request=None, detail: str = "", name: str = "") -> Entry:
    """Write one entry. `obj` is a model instance, a text (a file's name) or None; `by` the user
    (None for a command, or for a failed login, whose typed username goes in `name`). Written in
    the caller's transaction: a refused change leaves no entry."""
    request = request if request is not None else _request.get()
    user = by if by is not None and getattr(by, "is_authenticated", False) else None
    if obj is None or isinstance(obj, str):
        kind, pk, text = "", "", obj or ""
    else:
        kind, pk, text = obj._meta.label_lower, "" if obj.pk is None else str(obj.pk), str(obj)
    return Entry.objects.create(
        actor=user,
        actor_name=(user.get_username() if user is not None else name)[:150],
        action=action,
        object_type=kind,
        object_id=pk,
        object_text=text[:300],
        detail=detail[:500],
        address=_address(request),
    )


def _address(request) -> str | None:
    """The client's address (None without a request, as for commands and jobs)."""
    return client_ip(request) if request is not None else None
