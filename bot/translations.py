"""The reply catalogs: extract the msgids from bot/replies, update each language's .po, check them.

    template()            the msgids bot/replies/*.py mark today (_(), ngettext(), N_())
    update(locales)       write bot/locale/messages.pot and merge it into each .po: new msgids come
                          in untranslated, msgids no longer used go, translations stay
    problems(locale)      what a .po lacks: a msgid not translated, or a translation whose {named}
                          placeholders differ from the msgid's (docs/languages.md)

`orderbot i18n update` and `orderbot i18n check` run these; tests/bot/test_i18n_catalogs.py
fails while a catalog is behind the code. Nothing is compiled to .mo: bot.i18n compiles a .po in
memory when it is first used.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LOCALE_DIR, TRANSLATED

SOURCES = Path(__file__).resolve().parent / "replies"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
PLACEHOLDER = re.compile(r"\{(\w*)\}")
HEADER = "Replies the bot sends dealers and reps (bot/replies). See docs/languages.md."


def template() -> Catalog:
    """Every msgid marked in bot/replies, in the order the files and lines give them."""
    catalog = Catalog(project="orderbot", header_comment=f"# {HEADER}")
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(SOURCES),
        method_map=[("**.py", "python")],
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("Translators:",),
    ):
        catalog.add(message, None, [(f"bot/replies/{filename}", 0)], auto_comments=comments, context=context)
    return catalog


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(locale: str) -> Catalog:
    with po_path(locale).open("rb") as po:
        return read_po(po, locale=locale, domain=DOMAIN)


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=True)


def update(locales: tuple[str, ...] = TRANSLATED) -> dict[str, int]:
    """Write the template and merge it into each locale's .po; per locale, the msgids left to translate."""
    tmpl = template()
    _write(tmpl, TEMPLATE)
    left = {}
    for locale in locales:
        path = po_path(locale)
        if path.exists():
            catalog = read(locale)
        else:
            catalog = Catalog(locale=locale, domain=DOMAIN, project="orderbot", header_comment=f"# {HEADER}")
        catalog.update(tmpl, no_fuzzy_matching=True, update_header_comment=False)
        _write(catalog, path)
        left[locale] = len(problems(locale, tmpl))
    return left


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def problems(locale: str, tmpl: Catalog | None = None) -> list[str]:
    """Each msgid of the template the locale's .po does not translate well, named with why."""
    tmpl = tmpl if tmpl is not None else template()
    catalog = read(locale)
    found = []
    for message in tmpl:
        if not message.id:
            continue
        ids = _forms(message.id)
        have = catalog.get(ids[0], context=message.context)
        strings = _forms(have.string) if have is not None else ()
        if have is None or not strings or not all(s.strip() for s in strings) or have.fuzzy:
            found.append(f"{locale}: not translated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            got = set(PLACEHOLDER.findall(string))
            if got != wanted:
                found.append(
                    f"{locale}: {ids[0]!r} has placeholders {sorted(got)}, the msgid {sorted(wanted)}"
                )
    return found
