"""Numbers said in words over several tokens (nlu.numbers.number_at), read off the parser's tokens."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlu.normalise import tokenize
from nlu.numbers import ALL_NUMBER_WORDS, BEFORE_UNIT_ONLY, NUMBER_WORDS, number_at, parse_rows, word_number
from nlu.units import UNIT_WORDS
from nlu.vocab import FILLERS


def read(text: str, start: int = 0) -> tuple[Decimal, int] | None:
    words = [t.text for t in tokenize(text)]
    return number_at(words, start, before_unit=lambda j: words[j] in UNIT_WORDS)


def D(value: str | int) -> Decimal:
    return Decimal(value)


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        # Hindi / Hinglish
        ("do sau bag", 0, (D(200), 2)),  # an ambiguous "do" is a number inside a longer one
        ("ek sau bees", 0, (D(120), 3)),  # count, hundred, the tail after it
        ("do sau das peti", 0, (D(210), 3)),  # the tail stops before the unit
        ("dedh sau", 0, (D(150), 2)),  # a fraction multiplies the hundred
        ("dhai hazaar", 0, (D(2500), 2)),  # ... and the thousand
        ("paune sau", 0, (D(75), 2)),  # "paune" before a scale: three quarters of it
        ("saade teen", 0, (D("3.5"), 2)),  # "saade" adds a half
        ("sava do", 0, (D("2.25"), 2)),  # "sava" adds a quarter
        ("paune do", 0, (D("1.75"), 2)),  # "paune" takes a quarter off
        ("paune do sau", 0, (D(175), 3)),  # ... of the count the hundred multiplies
        ("sava sau", 0, (D(125), 2)),  # "sava" straight before a scale: one and a quarter of it
        ("saade paanch sau", 0, (D(550), 3)),  # prefix, count, hundred
        ("paune", 0, (D("0.75"), 1)),  # "paune" alone is three quarters
        ("aadha kilo", 0, (D("0.5"), 1)),  # half, and the unit is left for the caller
        ("adha", 0, (D("0.5"), 1)),  # the other spelling
        ("dedh", 0, (D("1.5"), 1)),  # one and a half
        ("dhai", 0, (D("2.5"), 1)),  # two and a half
        ("sava kilo", 0, (D("1.25"), 1)),  # "sava" alone is a number before a unit
        ("pachees sau", 0, (D(2500), 2)),  # a count below 100 times a hundred
        ("ek lakh bees hazaar paanch sau", 0, (D(120500), 6)),  # groups under falling scales
        ("hazaar", 0, (D(1000), 1)),  # a scale alone is itself
        ("ikkis", 0, (D(21), 1)),  # Hindi 21-99 are single words
        ("bais", 0, (D(22), 1)),  # twenty-two
        ("chalis", 0, (D(40), 1)),  # forty
        ("pachpan", 0, (D(55), 1)),  # fifty-five
        ("sattar", 0, (D(70), 1)),  # seventy
        ("assi", 0, (D(80), 1)),  # eighty
        ("nabbe", 0, (D(90), 1)),  # ninety
        ("ninyanve", 0, (D(99), 1)),  # ninety-nine, as Devanagari transliterates it
        ("char peti", 0, (D(4), 1)),  # "char" is four
        ("teen patti", 0, (D(3), 1)),  # "teen" is three wherever it stands
        ("saath peti", 0, (D(60), 1)),  # "saath" (also "with") is sixty before a unit
        # Devanagari arrives transliterated
        ("दो सौ", 0, (D(200), 2)),  # do sau
        ("डेढ़ सौ", 0, (D(150), 2)),  # dedh sau
        ("ढाई हज़ार", 0, (D(2500), 2)),  # dhai hajar
        ("साढ़े तीन", 0, (D("3.5"), 2)),  # sadhe tin: "tin" is three after a prefix
        ("तीन पेटी", 0, (D(3), 1)),  # tin peti: three cases, though "tin" is also a unit word
        ("एक सौ बीस", 0, (D(120), 3)),  # ek sau bis
        # Marathi
        ("don peti", 0, (D(2), 1)),  # "don" is two before a unit
        ("daha", 0, (D(10), 1)),  # ten
        ("vees", 0, (D(20), 1)),  # twenty
        ("pannas", 0, (D(50), 1)),  # fifty
        ("shambhar", 0, (D(100), 1)),  # a hundred
        ("don shambhar", 0, (D(200), 2)),  # Marathi compounds like Hindi
        ("saha peti", 0, (D(6), 1)),  # "saha" is six before a unit
        # Gujarati
        ("be peti", 0, (D(2), 1)),  # "be" is two before a unit
        ("tran bag", 0, (D(3), 1)),  # "tran" is three before a unit
        ("be so", 0, None),  # two ambiguous words and no unit: English "be so"
        ("be so peti", 0, (D(200), 2)),  # ... but before a unit, two hundred
        ("pachaas", 0, (D(50), 1)),  # fifty
        ("dodh", 0, (D("1.5"), 1)),  # one and a half
        # English
        ("twenty five", 0, (D(25), 2)),  # tens and ones
        ("one fifty", 0, (D(150), 2)),  # a digit and a tens word: a hundred and fifty
        ("two fifty ml", 0, (D(250), 2)),  # a digit word and fifty: two hundred and fifty
        ("two twenty five", 0, (D(225), 3)),  # ... and a tens-ones compound after it
        ("twelve hundred", 0, (D(1200), 2)),  # a teen times a hundred
        ("one hundred twenty", 0, (D(120), 3)),  # a count, the hundred, then tens
        ("one hundred and twenty", 0, (D(120), 4)),  # "and" inside the number
        ("a hundred", 0, (D(100), 2)),  # the article counts one before a scale
        ("half", 0, (D("0.5"), 1)),  # half alone
        ("one and a half", 0, (D("1.5"), 4)),  # a count and a half
        ("two and half kg", 0, (D("2.5"), 3)),  # Indian English drops the article
        ("one and a quarter", 0, (D("1.25"), 4)),  # a count and a quarter
        ("quarter kg", 0, (D("0.25"), 1)),  # "quarter" is a number before a unit...
        ("a half kg", 0, (D("0.5"), 2)),  # the article before a fraction
        ("five thousand", 0, (D(5000), 2)),  # an English big scale
        ("one lakh", 0, (D(100000), 2)),  # Indian English scales
        # digits with a word
        ("2 hazaar", 0, (D(2000), 2)),  # digits times a Hindi scale
        ("1 lakh", 0, (D(100000), 2)),  # digits times a lakh
        ("2.5 lakh", 0, (D(250000), 2)),  # a decimal before a big scale
        ("1.5 sau", 0, (D("1.5"), 1)),  # ... but not before a hundred: only the digits are read
        ("2 sau", 0, (D(200), 2)),  # whole digits before a hundred
        ("saade 3 kg", 0, (D("3.5"), 2)),  # a prefix before digits
        ("1/2", 0, (D("0.5"), 1)),  # fractions as today
        ("3/4 inch", 0, (D("0.75"), 1)),  # a fraction before a size word is the fraction alone
        ("12 peti", 0, (D(12), 1)),  # plain digits
    ],
)
def test_number_words_over_several_tokens_read_as_one_value(
    text: str, start: int, expected: tuple[Decimal, int] | None
) -> None:
    assert read(text, start) == expected


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("sau nag syska 9w aur pachas nag", 0, (D(100), 1)),  # the first count stops at its unit
        ("sau nag syska 9w aur pachas nag", 6, (D(50), 7)),  # the second is read where it stands ("9w" is 2)
        ("das bees wala", 0, (D(10), 1)),  # two Hindi counts are two numbers ("ten of the 20-rupee")
        ("sau das wala", 0, (D(100), 1)),  # a bare "sau" takes no tail ("100 of the 10-rupee")
        ("hundred twenty rs", 0, (D(100), 1)),  # ... nor a bare "hundred"
        ("do sau 5 peti", 0, (D(200), 2)),  # digits never continue a number
        ("do hazaar do hazaar", 0, (D(2000), 2)),  # a second "do hazaar" is its own number
        ("ten twenty rs pkt", 0, (D(10), 1)),  # "one fifty" is for a digit word only, not ten
        ("dedh sau bees", 0, (D(150), 2)),  # no tail after a fraction's hundred
        ("bees paanch peti", 0, (D(20), 1)),  # Hindi has no "tens ones" compound: twenty, then five
        ("do teen peti", 0, None),  # "do teen" is a range, not five; "do" is not before a unit
        ("do teen peti", 1, (D(3), 2)),  # the second word is read on its own
        ("paune 0", 0, (D("0.75"), 1)),  # a prefix never makes a count below one: "paune" alone
    ],
)
def test_a_number_never_swallows_the_next_count(
    text: str, start: int, expected: tuple[Decimal, int] | None
) -> None:
    assert read(text, start) == expected


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("bhej do", 1),  # "send it"
        ("bhej do 5 peti", 1),  # a count after "do" does not make it one
        ("ek baar", 0),  # "once"
        ("so kind", 0),  # English "so"
        ("will be", 1),  # English "be"
        ("a maggi", 0),  # the article before a name
        ("bill ke saath", 2),  # "with"
        ("sat", 0),  # English "sat"
        ("tin", 0),  # the unit word alone
        ("quarter", 0),  # a liquor bottle
        ("sava", 0),  # "sava" with nothing to count
        ("saade", 0),  # a prefix alone
        ("pav bhaji", 0),  # bread
        ("maggi", 0),  # a name
        ("and", 0),  # a conjunction
        ("bhej do", 5),  # past the end
    ],
)
def test_ordinary_words_are_not_numbers(text: str, start: int) -> None:
    assert read(text, start) is None


@pytest.mark.parametrize(
    ("word", "before_unit", "expected"),
    [
        ("hazaar", False, D(1000)),  # new single words read on their own too
        ("pachpan", False, D(55)),  # a Hindi 51-99 word
        ("sava", False, None),  # sava alone only before a unit
        ("sava", True, D("1.25")),  # ... one and a quarter before one
        ("be", False, None),  # Gujarati "be" only before a unit
        ("be", True, D(2)),  # ... two before one
        ("saade", True, None),  # a prefix is never a number alone
    ],
)
def test_word_number_reads_the_table_one_token_at_a_time(
    word: str, before_unit: bool, expected: Decimal | None
) -> None:
    assert word_number(word, before_unit=before_unit) == expected


def test_every_number_word_is_in_the_set_segment_treats_as_special() -> None:
    assert set(NUMBER_WORDS) | set(BEFORE_UNIT_ONLY) | {"saade", "sava", "paune"} <= ALL_NUMBER_WORDS
    assert "and" not in ALL_NUMBER_WORDS  # left to the conjunctions


def test_number_words_that_are_unit_words_or_fillers_are_numbers_only_before_a_unit() -> None:
    assert not set(NUMBER_WORDS) & (set(UNIT_WORDS) | FILLERS)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("das\tten\tnumber\thi\talways", "numbers.tsv line 1: value 'ten' is not a number"),  # a bad value
        ("das\t10\tnumber\thi", "line 1: 4 columns, not 5"),  # a missing column
        ("das\t10\tcount\thi\talways", "line 1: kind 'count' is not one of"),  # an unknown kind
        ("das\t10\tnumber\thi\tsometimes", "line 1: read 'sometimes' is not"),  # an unknown read rule
        # a comment and a blank line still count as lines; one word has one value
        ("\n# ten\ndas\t10\tnumber\thi\talways\ndas\t100\tscale\thi\talways", "line 4: 'das' is already"),
        # tokens are lower case, so an upper-case word would never match
        ("Das\t10\tnumber\thi\talways", "line 1: word 'Das' is not a lower-case token"),
    ],
)
def test_a_bad_table_row_names_its_line_and_what_is_wrong(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_rows(text)


ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen"
).split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def english(n: int, british: bool) -> list[str]:
    """1234 -> one thousand two hundred [and] thirty four."""
    words: list[str] = []
    if n >= 1000:
        words += [ONES[n // 1000], "thousand"]
    if n % 1000 >= 100:
        words += [ONES[n % 1000 // 100], "hundred"]
    rest = n % 100
    if rest and words and british:
        words.append("and")
    if rest >= 20:
        words += [TENS[rest // 10]] + ([ONES[rest % 10]] if rest % 10 else [])
    elif rest:
        words.append(ONES[rest])
    return words


@given(n=st.integers(min_value=1, max_value=9999), british=st.booleans())
def test_english_words_for_any_number_below_ten_thousand_read_back_as_it(n: int, british: bool) -> None:
    words = english(n, british)
    assert number_at(words, 0) == (Decimal(n), len(words))
