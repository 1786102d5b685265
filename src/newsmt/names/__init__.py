"""Names and places in house style: transliteration, gazetteer, recognition in the source,
projection into the German translation, styles."""

from newsmt.names.house_style import NamesResult, apply_house_style, house_styler
from newsmt.names.styles import Style, StyleError, get_style, load_styles
from newsmt.names.translit import SYSTEMS, transliterate

__all__ = [
    "SYSTEMS",
    "NamesResult",
    "Style",
    "StyleError",
    "apply_house_style",
    "get_style",
    "house_styler",
    "load_styles",
    "transliterate",
]
