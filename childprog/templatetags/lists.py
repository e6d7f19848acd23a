"""What every paginated list shares: `{% load lists %}`, then `{% include "includes/pager.html" %}`."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The current list's address at page `number`: its filters, search and sort kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
