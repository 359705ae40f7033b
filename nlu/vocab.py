"""Generic trade vocabulary: small tables, no catalog or customer names.

Fillers are chat words that never name a product ("bhaiya", "bhej do",
"please"); synonyms map Hindi/common words to the words catalogs print
("cheeni" -> "sugar"); descriptors are marketing words that do not tell two
variants apart ("pure", "iodised"); size modifiers pick the smaller/bigger
pack of a two-size range ("oreo bada wala"). The tables are data, in
nlu/rules/vocab.txt.

    >>> SYNONYMS["cheeni"], SIZE_MODIFIERS["bada"], LETTER_NAMES["ji"]
    (('sugar',), 'max', 'g')
    >>> "bhaiya" in FILLERS, ("good", "morning") in GREETINGS
    (True, True)
"""

from __future__ import annotations

from nlu import tables

# The tables are data: nlu/rules/vocab.txt says what each one means.
_RULES = tables.load("vocab.txt")
FILLERS = frozenset(tables.word_set(_RULES, "fillers"))
# Hindi or everyday words -> the words catalogs print (tried when the word itself is not in the catalog)
SYNONYMS: dict[str, tuple[str, ...]] = tables.meanings(_RULES, "synonyms")
# Marketing words: a product named without them is still the same product ("tablet": the form a
# medicine is when none is said)
DESCRIPTORS = frozenset(tables.word_set(_RULES, "descriptors"))
# "chota"/"small" = the smaller of a range, "bada"/"big" = the bigger
SIZE_MODIFIERS: dict[str, str] = tables.kinds(_RULES, "size_modifiers")
# A quantity followed by one of these and another quantity: the later one wins ("5 nahi 10").
CORRECTIONS = frozenset(tables.word_set(_RULES, "corrections"))
# Packaging words: the same product in another pack is still the same family.
PACKAGING = frozenset(tables.word_set(_RULES, "packaging"))
# Words that join names and carry no meaning of their own
STOPWORDS = frozenset(tables.word_set(_RULES, "stopwords"))
# Letters spelt out: "parle ji" = "parle g" (tried only when the joined form is a catalog phrase)
LETTER_NAMES: dict[str, str] = tables.kinds(_RULES, "letter_names")
# Chat words that a catalog may also use inside a name ("Godrej No.1"): names only next to their partner
CHAT_WORDS = frozenset(tables.word_set(_RULES, "chat_words"))
# Two-word greetings whose first word a catalog may use ("Good Day" biscuits)
GREETINGS = frozenset(tables.pairs(_RULES, "greetings"))
# Latin letters as Hindi writes their names: "diepi" (डीएपी) spells d-a-p
SPOKEN_LETTERS: dict[str, str] = tables.kinds(_RULES, "spoken_letters")
# Words that make a bare quantity after an item more of that item: "1 case + 10 pc", "aur 5 peti extra"
ADDITIVE = frozenset(tables.word_set(_RULES, "additive"))
