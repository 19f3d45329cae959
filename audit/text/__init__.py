"""Text primitives every stage shares: normalised words with offsets (`normalize`), the
rapidfuzz adapter for string similarity (`similarity`), spreadsheet-safe cells (`cells`)."""
