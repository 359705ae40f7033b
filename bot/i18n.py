"""The language a reply is written in: gettext catalogs through Babel, and Babel's Indian formats.

The replies are built inside rq jobs and console requests alike, with no Flask request to hang a
locale on, so the locale of the reply being built is a context variable:

    with speaking("hi"):              # one turn of a conversation, one console notice
        text = replies.draft(...)      # every _() inside reads "hi"

English is the msgid itself; Hindi (Devanagari) is `hi`, Hinglish (Roman Hindi) is `hi_Latn`, the
locale CLDR (and so Babel) knows as "Hindi (Latin)". Catalogs are the .po files under
bot/locale/<locale>/LC_MESSAGES/messages.po, compiled in memory the first time a locale is used
(no .mo files to build or to go stale); `orderbot i18n` extracts and updates them
(docs/languages.md).

Money, numbers and dates follow the locale's conventions: all three read Indian grouping
(en_IN for English; Babel's `hi` keeps Latin digits, which is what a Hindi reader on WhatsApp
writes), dates name the month in the reader's script.

>>> money(Decimal("123456")), money(Decimal("-1234567.8"))
('₹1,23,456.00', '-₹12,34,567.80')
>>> with speaking("hi"):
...     money(Decimal("123456")), day(date(2026, 11, 21)), _("OK 👍")
('₹1,23,456.00', '21 नव॰', 'ठीक है 👍')
>>> with speaking("hi_Latn"):
...     ngettext("{n} day", "{n} days", 3).format(n=3)
'3 din'
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from domain.money import round_paisa
from domain.services.credit import IST

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
ENGLISH, HINDI, HINGLISH = "en", "hi", "hi_Latn"
LANGUAGES: dict[str, str] = {ENGLISH: "English", HINDI: "Hindi (हिंदी)", HINGLISH: "Hinglish"}
TRANSLATED = (HINDI, HINGLISH)  # the locales with a catalog; English is the msgids
FORMATS: dict[str, str] = {ENGLISH: "en_IN", HINDI: "hi", HINGLISH: "hi_Latn"}  # Babel locale for numbers

_speaking: ContextVar[str] = ContextVar("reply_locale", default=ENGLISH)


def known(locale: str | None) -> str | None:
    """`locale` when replies can be written in it, else None.

    >>> known("hi"), known("hi_Latn"), known("en"), known(""), known("mr")
    ('hi', 'hi_Latn', 'en', None, None)
    """
    return locale if locale in LANGUAGES else None


def current() -> str:
    """The locale of the reply being built ("en" outside any `speaking` block)."""
    return _speaking.get()


@contextmanager
def speaking(locale: str | None) -> Iterator[str]:
    """Build replies in `locale` inside the block (English for None, '' or a locale we do not have)."""
    chosen = known(locale) or ENGLISH
    token = _speaking.set(chosen)
    try:
        yield chosen
    finally:
        _speaking.reset(token)


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog of `locale` (read from its .po, compiled in memory once per process)."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if locale == ENGLISH or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """`message` (an English msgid) in the current locale; the msgid itself when not translated."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural msgid for `n`, in the current locale (format `n` in yourself)."""
    return translations(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is defined (a table); translate it with _() where used."""
    return message


def money(amount: Decimal) -> str:
    """Rupees to the paisa (half up), Indian grouping: '₹1,23,456.00', '-₹12,34,567.80'."""
    return format_currency(round_paisa(Decimal(amount)), "INR", locale=FORMATS[current()])


def number(value: int | Decimal) -> str:
    """A count or an amount without the ₹, grouped the Indian way: '1,600', '12,34,567.5'."""
    return format_decimal(value, locale=FORMATS[current()])


def day(on: date, with_year: bool = False) -> str:
    """A date as a dealer reads it: "05 Nov" ("05 नव॰"), "05 Nov 2026" with the year."""
    return format_date(on, "dd MMM y" if with_year else "dd MMM", locale=FORMATS[current()])


def when(moment: datetime) -> str:
    """A timestamp in India's time: '21 Nov, 2:05 PM' ('21 नव॰, 2:05 pm')."""
    text = format_datetime(moment.astimezone(IST), "d MMM, h:mm a", tzinfo=IST, locale=FORMATS[current()])
    return text.replace("\u202f", " ")
