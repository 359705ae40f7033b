"""Text -> ParsedMessage. Knows a catalog snapshot; nothing about databases or Flask."""

from nlu.parser import Parser

__all__ = ["Parser"]
