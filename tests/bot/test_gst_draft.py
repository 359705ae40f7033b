"""The draft's GST line names which GST it is once the distributor's state is set (issue 12, item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.i18n import speaking
from bot.replies.drafts import gst_line
from domain.gst import TaxSplit

D = Decimal
INTRA = TaxSplit(D("437.29"), D("437.28"), D("0.00"))
INTER = TaxSplit(D("0.00"), D("0.00"), D("887.46"))

# (tax, split, language, the line)
LINES = [
    (D("874.57"), None, "en", "GST: ₹874.57"),  # no supplier state set: one GST line as before
    (D("874.57"), INTRA, "en", "GST (CGST+SGST): ₹874.57"),
    (D("887.46"), INTER, "en", "IGST: ₹887.46"),
    (D("0.00"), TaxSplit(D(0), D(0), D(0)), "en", "GST: ₹0.00"),  # nothing taxed: nothing to name
    (D("887.46"), INTER, "hi", "IGST: ₹887.46"),
    (D("874.57"), INTRA, "hi_Latn", "GST (CGST+SGST): ₹874.57"),
]


@pytest.mark.parametrize(("tax", "split", "language", "line"), LINES)
def test_the_gst_line(tax: Decimal, split: TaxSplit | None, language: str, line: str) -> None:
    with speaking(language):
        assert gst_line(tax, split) == line
