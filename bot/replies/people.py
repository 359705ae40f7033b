"""Who is writing: greetings and help, a new dealer's welcome, unknown or inactive numbers, and a sales
rep choosing which of their shops a message is for."""

from __future__ import annotations

from collections.abc import Sequence

from bot.replies.shape import numbered

EXAMPLES = (
    "*10 peti maggi, 5 box parle g* - place an order",
    "*balance* or *credit left* - what you owe and can still order",
    "*statement* - your recent entries",
    "*status* or *status SO-1043* - where an order is",
    "*repeat* - the same as your last order",
    "*cancel* - cancel your last order",
)


def help_menu(name: str = "", for_rep: bool = False) -> str:
    hello = f"Namaste {name}! " if name else "Namaste! "
    out = [f"{hello}I take orders on WhatsApp. You can send:"]
    out.extend(f"- {line}" for line in EXAMPLES)
    if for_rep:
        out.append("- *order for Sharma Traders: 10 peti maggi* - order for one of your shops")
        out.append("- *balance Sharma Traders* - a shop's account")
    out.append("")
    out.append(
        "Hindi or English both work. I show a priced draft first; nothing is booked until you say *YES*."
    )
    return "\n".join(out)


def greeting(name: str = "") -> str:
    return f"Namaste{' ' + name if name else ''} 🙏 Send your order any time, or *help* to see what I can do."


def thanks() -> str:
    return "You're welcome 🙏"


def welcome_dealer(name: str) -> str:
    """A number just added as a dealer from the unknown-numbers list."""
    return (
        f"Welcome, {name}! 🙏 You can now order here on WhatsApp. "
        "Send your order like: *10 peti maggi, 5 bag tata salt*. Send *help* to see what else I can do."
    )


def unknown_sender(business: str = "") -> str:
    who = f" with {business}" if business else ""
    return (
        "Namaste 🙏 This number is not registered" + who + " yet, so I cannot take orders from it. "
        "I have passed your message to our team; they will contact you. If you already buy from us, "
        "please tell them your shop name and town."
    )


def inactive_account() -> str:
    return "Your account is not active right now, so I cannot take orders. Please call our office."


def rep_ask_dealer(dealers: Sequence[str]) -> str:
    return (
        "Which shop is this for?\n" + numbered(dealers) + "\nReply with the number, or start your message "
        'with the shop\'s name ("order for Sharma Traders: ...").'
    )


def rep_not_assigned(name: str) -> str:
    return (
        f"{name} is not one of your shops, so I cannot act for it. Please ask our office to assign it to you."
    )


def rep_no_dealers() -> str:
    return "No shops are assigned to you yet. Please ask our office to assign your shops."


def rep_unknown_shop() -> str:
    return (
        "I could not tell which of your shops this is for. Start with the shop's name, e.g. "
        "*order for Sharma Traders: 10 peti maggi*."
    )
