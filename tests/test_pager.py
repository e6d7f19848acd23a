"""One pager for every list: the page links keep the list's search, filters and sort."""

import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from library.models import Document

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def links(html):
    """{rel: query dict} of the pager's previous and next links."""
    return {
        rel: parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for rel, href in re.findall(r'rel="(prev|next)" href="([^"]*)"', html)
    }


def test_the_links_keep_every_filter_and_change_only_the_page():
    request = RequestFactory().get("/x/", {"q": "Hà Quảng", "content_area": "2", "sort": "-end", "page": "2"})
    page = Paginator(range(120), 50).get_page(2)
    html = render_to_string("includes/pager.html", {"page": page, "request": request})
    assert links(html) == {
        "prev": {"q": ["Hà Quảng"], "content_area": ["2"], "sort": ["-end"], "page": ["1"]},
        "next": {"q": ["Hà Quảng"], "content_area": ["2"], "sort": ["-end"], "page": ["3"]},
    }
    assert "Trang 2/3" in html


def test_a_list_of_one_page_shows_no_pager():
    request = RequestFactory().get("/x/")
    html = render_to_string(
        "includes/pager.html", {"page": Paginator(range(3), 50).get_page(1), "request": request}
    )
    assert html.strip() == ""


def test_no_list_template_keeps_its_own_pager():
    copies = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "page_number" in path.read_text(encoding="utf-8") and path.name != "pager.html"
    ]
    assert copies == []


@pytest.mark.django_db
def test_the_library_s_next_page_keeps_the_search(client_for, units):
    for n in range(55):
        Document.objects.create(
            unit=units["cao-bang"],
            kind="KH",
            number=str(n + 1),
            symbol="TĐTN",
            issued_on=date(2024, 1, 5),
            title=f"Kế hoạch Hà Quảng {n}",
        )
    client = client_for("reader")
    first = client.get(reverse("library:list"), {"q": "ha quang"}).content.decode()
    (following,) = [q for rel, q in links(first).items() if rel == "next"]
    assert following == {"q": ["ha quang"], "page": ["2"]}
    second = client.get(reverse("library:list"), {"q": "ha quang", "page": "2"}).context["page"]
    assert len(second) == 5
