"""Finding English left in Vietnamese admin pages: the strings the project's models and the
libraries the admin uses would show untranslated."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path

import polib
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

# The libraries whose English can reach an admin page.
LIBRARIES = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.conf",  # forms, validators, model fields
    "import_export",
    "axes",
    "simple_history",
]
PROJECT_APPS = {"childprog", "activities", "reports", "plans", "commendations", "library"}
# Words that read the same in Vietnamese or name a file format or a code: they are not English
# left untranslated. Kept short on purpose; each is a proper noun or a code.
ALLOWED = {
    "ID",  # the row identifier shown in exports and history; a code, the same in Vietnamese
    "csv",
    "xlsx",
    "xls",
    "json",
    "tsv",
    "ods",
    "html",
    "yaml",
}
TEMPLATE_STRING = re.compile(r"""\{%\s*(?:trans|translate)\s+(["'])(.+?)\1""")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()


def _package_dir(dotted: str) -> Path:
    return Path(find_spec(dotted).submodule_search_locations[0])


def library_msgids() -> set[str]:
    """Every English message of the libraries: from their catalogues and their templates."""
    found: set[str] = set()
    for lib in LIBRARIES:
        root = _package_dir(lib)
        # Django ships an English catalogue listing every message; the others only translations,
        # each possibly behind the code, so all of theirs are read.
        catalogues = list(root.glob("locale/en/LC_MESSAGES/django*.po")) or list(
            root.glob("locale/*/LC_MESSAGES/django*.po")
        )
        for po in catalogues:
            for entry in polib.pofile(str(po)):
                if not entry.obsolete:
                    found.update(m for m in (entry.msgid, entry.msgid_plural) if m)
        for template in root.glob("templates/**/*.html"):
            found.update(m.group(2) for m in TEMPLATE_STRING.finditer(template.read_text(encoding="utf-8")))
    return found


def model_auto_names() -> set[str]:
    """Names Django made up from attribute names ("content area", "updated at"): never translated."""
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for value in (model._meta.verbose_name, model._meta.verbose_name_plural):
            if not isinstance(value, Promise):
                names.add(str(value))
        for field in model._meta.get_fields():
            verbose = getattr(field, "verbose_name", None)
            if verbose is not None and not isinstance(verbose, Promise) and not field.auto_created:
                names.add(str(verbose))
    return names


class English:
    """The untranslated English that could appear, as exact texts and as patterns."""

    def __init__(self, language="vi"):
        catalogue = translation.trans_real.translation(language)._catalog
        self.exact: set[str] = set()
        self.exact_ci: set[str] = {_normalise(n).casefold() for n in model_auto_names()}
        self.patterns: list[re.Pattern] = []
        for msgid in library_msgids():
            if msgid in catalogue or (msgid, 0) in catalogue:
                continue  # translated into Vietnamese
            literal = PLACEHOLDER.sub("", msgid)
            if len(re.findall(r"[A-Za-z]", literal)) < 3:
                continue  # a bare placeholder or a symbol
            text = _normalise(msgid)
            if PLACEHOLDER.search(text):
                parts = [re.escape(p) for p in PLACEHOLDER.split(text)]
                self.patterns.append(re.compile("^" + ".+?".join(parts) + "$"))
            else:
                self.exact.add(text)

    def find(self, texts) -> list[str]:
        hits = []
        for raw in texts:
            text = _normalise(raw)
            if not text or text in ALLOWED:
                continue
            if (
                text in self.exact
                or text.casefold() in self.exact_ci
                or any(p.match(text) for p in self.patterns)
            ):
                hits.append(text)
        return hits


class _Texts(HTMLParser):
    """What a reader sees: text (outside scripts and styles), buttons' values, titles, placeholders,
    and the options of menus."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        a = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if a.get(name):
                self.texts.append(a[name])
        if tag == "input" and a.get("type") in {"submit", "button", "reset"} and a.get("value"):
            self.texts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts
