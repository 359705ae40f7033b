"""`orderbot i18n update|check`: the reply catalogs (bot/locale) against the texts of bot/replies.

    orderbot i18n update   extract the msgids of bot/replies into bot/locale/messages.pot and merge
                           them into each language's messages.po (new ones untranslated)
    orderbot i18n check    list every msgid a language does not translate, or translates with other
                           {placeholders}; exit 1 when there is one

docs/languages.md says how to translate the msgids `update` brings in.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "i18n", help="extract, update and check the reply translations", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=["update", "check"], help="update the catalogs, or check them")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot import translations
    from bot.i18n import TRANSLATED

    if args.action == "update":
        for locale, left in translations.update().items():
            print(f"{translations.po_path(locale)}: {left} to translate")
        return 0
    template = translations.template()
    found = [problem for locale in TRANSLATED for problem in translations.problems(locale, template)]
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print(f"{len(template)} msgids, translated in {', '.join(TRANSLATED)}")
    return 1 if found else 0
