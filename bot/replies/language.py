"""The language of the replies: confirming the one a dealer chose ("Hindi me bolo"), in that language.

Each text is said in the language just chosen (bot.conversation.language builds it inside
`speaking(locale)`), so the English msgid names English and each catalog names its own language.
"""

from __future__ import annotations

from bot.i18n import _


def language_set() -> str:
    """The dealer chose the language of his replies; said in that language."""
    # Translators: name your own language, and offer the other two ("English please", "Hindi me bolo").
    return _(
        "OK 👍 From now on I will reply in English. To change it, write e.g. *Hindi me bolo* or "
        "*Hinglish chalega*."
    )


def language_follows_writing() -> str:
    """A field rep asked for a language: reps get replies in the language each message is written in."""
    # Translators: name your own language.
    return _("OK 👍 I reply in the language you write in, so write in English and I will answer in English.")
