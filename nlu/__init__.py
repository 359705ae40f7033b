"""Text -> ParsedMessage. Knows a catalog snapshot; nothing about databases or Flask.

`Parser` is imported on first use (PEP 562), so importing a light module such as
`nlu.catalog` or `nlu.types` does not pay for spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nlu.parser import Parser

__all__ = ["Parser"]


def __getattr__(name: str) -> Any:
    if name == "Parser":
        from nlu.parser import Parser

        return Parser
    raise AttributeError(f"module 'nlu' has no attribute {name!r}")
