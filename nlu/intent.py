"""What a message wants: order, balance, status, cancel, repeat, confirm, reject, help, other.

Cue phrases live in `CUES` (English and Hinglish as dealers type them); spaCy
finds them in the message (nlu/spans.py: a PhraseMatcher built from this
table) and `decide` turns what was found into one intent. A message with
item lines is an order (an order plus a balance question is still an order);
a strong rejection ("galat hai", "wrong") wins over the items it quotes;
otherwise the highest-priority cue found decides, and a message naming an
order number with no cue asks for its status.

    >>> decide({"status", "confirm"}, "order kab aayega? ok", has_items=False)
    'status'
"""

from __future__ import annotations

CUES: dict[str, tuple[str, ...]] = {
    intent: tuple(p.strip() for p in phrases.split("|"))
    for intent, phrases in {
        "cancel": "cancel | cancelled | cancell | radd | rad kar | mat bhejna | mat bhejo"
        " | mat bhej | mat bhejiye"
        " | band karo order | hold karo | stop order",
        "status": "status | kab aayega | kab ayega | kab aaega | kab aayegi | kab aaegi"
        " | kab milega | kab tak"
        " | kab bhejoge | kab aa | kab pahuch | kab niklega | where is | where s | delivery | delivered"
        " | dispatch hua | dispatched | dispatch kab | nikla | nikli | pahucha | pahuchega | pahuchegi"
        " | pahunchega | pahunchegi | pahuncha | pahunchi | kahan tak | kaha tak | kidhar tak | nahi aaya"
        " | nahi aya | nahi mila | nhi aaya | kya hua | track | kahan hai | kaha hai | kidhar hai"
        " | gaadi | gadi"
        " | not received | not yet received | eta",
        "repeat": "repeat | dobara | dubara | same as last | same order | last order"
        " | pichla order | pichle order"
        " | pichli baar | pichhli baar | pichla wala | wahi order | wahi bhej | same again | phir se | fir se"
        " | last time | last week wala",
        "balance": "balance | outstanding | ledger | statement | hisab | hisaab | udhaar | udhar"
        " | baki | baaki"
        " | bakaya | dues | due amount | credit | payment | kitna dena | paisa kitna | account",
        "help": "help | menu | how to | how does | how do | how can | kaise | list bhejo"
        " | price list | rate list"
        " | catalog | catalogue | kya kya | item list | madad | sahayata | new here",
        "reject": "no | nope | nahi | nahin | nai | galat | wrong | sahi nahi | change | incorrect | not ok"
        " | not correct | mat karo | badlo | badal | nahi chahiye | nhi chahiye",
        "confirm": "yes | yess | yes sir | yup | yeah | ok | okay | okk | ok ji | k | haan | han | ha | haa"
        " | haanji | theek hai | thik hai | theek | thik | sahi hai | confirm | confirmed | done | go ahead"
        " | proceed | approved | kar do | bhej do | chalega",
        "other": "thanks | thank you | rate | price | call me | call karo | happy | diwali | holi"
        " | good morning"
        " | good night | bill | salesman | visit",
    }.items()
}
STRONG_REJECT = ("galat", "wrong", "incorrect", "sahi nahi")
PRIORITY = ("cancel", "status", "repeat", "balance", "help", "reject", "confirm", "other")
CONFIRM_EMOJI = ("👍", "✅", "👌", "🆗", "✔")
REJECT_EMOJI = ("👎", "❌")


def cue_phrases() -> list[tuple[str, str]]:
    """(intent, phrase) for every cue phrase, in table order.

    >>> cue_phrases()[:2]
    [('cancel', 'cancel'), ('cancel', 'cancelled')]
    """
    return [(intent, phrase) for intent, phrases in CUES.items() for phrase in phrases]


def decide(found: set[str], raw: str, *, has_items: bool, has_order_ref: bool = False) -> str:
    """The intent, from the cue labels spaCy found in the words and the emoji in the raw text."""
    if any(e in raw for e in CONFIRM_EMOJI):
        found = found | {"confirm"}
    if any(e in raw for e in REJECT_EMOJI):
        found = found | {"reject"}
    if "strong_reject" in found:
        return "reject"
    if has_items:
        return "order"
    for intent in PRIORITY:
        if intent in found:
            return intent
    return "status" if has_order_ref else "other"
