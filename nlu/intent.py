"""What a message wants: order, balance, status, cancel, repeat, confirm, reject, help, other.

Cue phrases live in `CUES` (English and Hinglish as dealers type them) and
are found over the normalised tokens by a phrase table keyed on each phrase's
first word (what spaCy's PhraseMatcher did here, without building a Doc for
every message: the cues are whole lower-case words, so a dict does it). A message
with item lines is an order (an order plus a balance question is still an
order); a strong rejection ("galat hai", "wrong") wins over the items it
quotes; otherwise the highest-priority cue found decides.

    >>> IntentRules().classify(["order", "kab", "aayega"], "order kab aayega?", has_items=False)
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


class IntentRules:
    def __init__(self) -> None:
        # first word -> (phrase words, label) for every cue phrase
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        labelled = [(p, intent) for intent, phrases in CUES.items() for p in phrases]
        labelled += [(p, "strong_reject") for p in STRONG_REJECT]
        for phrase, label in labelled:
            words = tuple(phrase.split())
            self.phrases.setdefault(words[0], []).append((words, label))

    def cues(self, words: list[str]) -> set[str]:
        """Labels of every cue phrase found in `words`, overlaps included.

        >>> sorted(IntentRules().cues(["kab", "aayega", "ok"]))
        ['confirm', 'status']
        """
        found: set[str] = set()
        phrases = self.phrases
        for i, w in enumerate(words):
            for phrase, label in phrases.get(w, ()):
                if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                    found.add(label)
        return found

    def classify(self, words: list[str], raw: str, *, has_items: bool, has_order_ref: bool = False) -> str:
        found = self.cues(words)
        if any(e in raw for e in CONFIRM_EMOJI):
            found.add("confirm")
        if any(e in raw for e in REJECT_EMOJI):
            found.add("reject")
        if "strong_reject" in found:
            return "reject"
        if has_items:
            return "order"
        for intent in PRIORITY:
            if intent in found:
                return intent
        return "status" if has_order_ref else "other"
