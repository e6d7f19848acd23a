"""English is complete: every message has a reviewed translation, and the committed .mo is the
compiled .po (the server reads only the .mo)."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _unquote(lines):
    return "".join(re.findall(r'^"(.*)"$', "\n".join(lines), re.M)).encode().decode("unicode_escape")


def entries():
    """(msgid, msgstr, flags) of the live, singular entries of the .po."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        if not lines or any(ln.startswith("msgid_plural") for ln in lines):
            continue
        flags = " ".join(ln for ln in lines if ln.startswith("#,"))
        text = [ln for ln in lines if not ln.startswith("#")]
        try:
            i, s = (
                next(n for n, ln in enumerate(text) if ln.startswith("msgid ")),
                next(n for n, ln in enumerate(text) if ln.startswith("msgstr ")),
            )
        except StopIteration:
            continue
        msgid = _unquote([text[i][6:], *text[i + 1 : s]])
        msgstr = _unquote([text[s][7:], *text[s + 1 :]])
        if msgid:
            yield msgid.encode("latin-1").decode("utf-8"), msgstr.encode("latin-1").decode("utf-8"), flags


def test_every_message_has_a_reviewed_english_translation():
    missing = [m for m, s, flags in entries() if not s or "fuzzy" in flags]
    assert not missing, missing[:10]


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    stale = [m for m, s, _flags in entries() if catalogue.gettext(m) != s]
    assert not stale, stale[:10]
