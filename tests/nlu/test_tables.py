"""The word tables kept as text (nlu/rules/*.txt): how a row reads, and errors that name the line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nlu import tables


@pytest.mark.parametrize(
    ("text", "read", "expected"),
    [
        # a row of words is a set; "#" comments and blank lines are skipped
        ("[t]\n# words\nrs re  # rupees\n\nrupees", tables.word_set, {"rs", "re", "rupees"}),
        # "\n" written as two characters is a new line
        ("[t]\n\\n , ;", tables.word_set, {"\n", ",", ";"}),
        # words -> one word: each word reads as it, in file order
        ("[t]\ncs case -> case\nbx -> box", tables.kinds, {"cs": "case", "case": "case", "bx": "box"}),
        # words -> several words
        (
            "[t]\nlauki dudhi -> bottle gourd",
            tables.meanings,
            {"lauki": ("bottle", "gourd"), "dudhi": ("bottle", "gourd")},
        ),
        # words -> amount dimension
        ("[t]\nmg -> 0.001 g", tables.amounts, {"mg": ("g", Decimal("0.001"))}),
        # two words a row; one word pairs with "" (nothing after it)
        ("[t]\ngood morning\nfullstop", tables.pairs, {("good", "morning"), ("fullstop", "")}),
    ],
)
def test_a_table_reads_its_rows_as_the_header_says(text: str, read: object, expected: object) -> None:
    assert callable(read)
    found = read(tables.parse(text, "t.txt"), "t")
    assert found == expected
    if isinstance(expected, dict):
        assert list(found) == list(expected)  # file order is kept


@pytest.mark.parametrize(
    ("text", "read", "error"),
    [
        # a word given twice names both lines
        ("[t]\ncs -> case\n\ncs -> box", tables.kinds, "t.txt line 4: 'cs' is already on line 2"),
        ("[t]\nrs re\nrs", tables.word_set, "t.txt line 3: 'rs' is already on line 2"),
        # an upper-case word would never match a message, which is read in lower case
        ("[t]\nRs", tables.word_set, "t.txt line 2: 'Rs' is not lower case"),
        # a row of the wrong shape for its table
        ("[t]\ncs -> case", tables.word_set, "t.txt line 2: [t] rows are words, without '->'"),
        ("[t]\ncs case", tables.kinds, "t.txt line 2: [t] rows are: words -> meaning"),
        ("[t]\ncs -> case box", tables.kinds, "t.txt line 2: one word goes right of '->' here"),
        ("[t]\nmg -> g", tables.amounts, "t.txt line 2: right of '->' is an amount and a dimension"),
        ("[t]\nmg -> milli g", tables.amounts, "t.txt line 2: amount 'milli' is not a number"),
        ("[t]\n-> case", tables.kinds, "t.txt line 2: a row with '->' is: words -> meaning"),
        ("[t]\ngood morning sir", tables.pairs, "t.txt line 2: a row here is one or two words"),
        # rows outside a table, a table twice, a table the code reads but the file lacks
        ("rs re", tables.word_set, "t.txt line 1: a row before any [table]"),
        ("[t]\nrs\n[t]\nre", tables.word_set, "t.txt line 3: table [t] appears twice"),
        ("[u]\nrs", tables.word_set, "t.txt: no [t] table"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(text: str, read: object, error: str) -> None:
    assert callable(read)
    with pytest.raises(ValueError) as caught:
        read(tables.parse(text, "t.txt"), "t")
    assert str(caught.value) == error


@pytest.mark.parametrize("name", ["units.txt", "sizes.txt", "vocab.txt", "segment.txt"])
def test_the_shipped_table_files_load(name: str) -> None:
    assert tables.load(name).tables
