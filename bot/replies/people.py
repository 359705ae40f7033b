"""Who is writing: greetings and help, a new dealer's welcome, unknown or inactive numbers, and a sales
rep choosing which of their shops a message is for."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, _
from bot.replies.shape import numbered

EXAMPLES = (  # msgids: help_menu says them in the reader's language
    N_("*10 peti maggi, 5 box parle g* - place an order"),
    N_("*balance* or *credit left* - what you owe and can still order"),
    N_("*statement* - your recent entries"),
    N_("*status* or *status SO-1043* - where an order is"),
    N_("*repeat* - the same as your last order"),
    N_("*cancel* - cancel your last order"),
)


def help_menu(name: str = "", for_rep: bool = False) -> str:
    hello = _("Namaste {name}! ").format(name=name) if name else _("Namaste! ")
    out = [hello + _("I take orders on WhatsApp. You can send:")]
    out.extend(f"- {_(line)}" for line in EXAMPLES)
    if for_rep:
        out.append("- " + _("*order for Sharma Traders: 10 peti maggi* - order for one of your shops"))
        out.append("- " + _("*balance Sharma Traders* - a shop's account"))
    out.append("")
    out.append(
        _("Hindi or English both work. I show a priced draft first; nothing is booked until you say *YES*.")
    )
    return "\n".join(out)


def greeting(name: str = "") -> str:
    if name:
        return _("Namaste {name} 🙏 Send your order any time, or *help* to see what I can do.").format(
            name=name
        )
    return _("Namaste 🙏 Send your order any time, or *help* to see what I can do.")


def thanks() -> str:
    return _("You're welcome 🙏")


def welcome_dealer(name: str) -> str:
    """A number just added as a dealer from the unknown-numbers list."""
    text = _(
        "Welcome, {name}! 🙏 You can now order here on WhatsApp. "
        "Send your order like: *10 peti maggi, 5 bag tata salt*. Send *help* to see what else I can do."
    )
    return text.format(name=name)


def unknown_sender(business: str = "") -> str:
    head = (
        _("Namaste 🙏 This number is not registered with {business} yet, so I cannot take orders from it.")
        if business
        else _("Namaste 🙏 This number is not registered yet, so I cannot take orders from it.")
    )
    tail = _(
        "I have passed your message to our team; they will contact you. If you already buy from us, "
        "please tell them your shop name and town."
    )
    return f"{head.format(business=business)} {tail}"


def inactive_account() -> str:
    return _("Your account is not active right now, so I cannot take orders. Please call our office.")


def rep_ask_dealer(dealers: Sequence[str]) -> str:
    how = _(
        "Reply with the number, or start your message with the shop's name "
        '("order for Sharma Traders: ...").'
    )
    return _("Which shop is this for?") + "\n" + numbered(dealers) + "\n" + how


def rep_not_assigned(name: str) -> str:
    text = _(
        "{name} is not one of your shops, so I cannot act for it. Please ask our office to assign it to you."
    )
    return text.format(name=name)


def not_your_shop(own: str) -> str:
    """A dealer named another shop ("order for Sharma Traders: ..."): nothing is done on either account."""
    text = _(
        "I can only take orders and show accounts for your own shop, {own}. Nothing was booked. "
        "If you order for another shop, that shop or its field rep should send it."
    )
    return text.format(own=own)


def rep_no_dealers() -> str:
    return _("No shops are assigned to you yet. Please ask our office to assign your shops.")


def rep_unknown_shop() -> str:
    return _(
        "I could not tell which of your shops this is for. Start with the shop's name, e.g. "
        "*order for Sharma Traders: 10 peti maggi*."
    )


def for_the_shop(shop: str, text: str) -> str:
    """A notice about a shop's order, to the field rep who placed it (the shop gets `text` itself)."""
    if not shop:
        return text
    return _("For *{shop}*:").format(shop=shop) + "\n" + text
