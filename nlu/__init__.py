"""Text -> ParsedMessage. Knows a catalog snapshot; nothing about databases or Flask."""
