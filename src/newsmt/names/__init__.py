"""Names and places in house style (see names/house_style.py)."""

from newsmt.names.house_style import NameChange, apply_house_style, load_house_forms

__all__ = ["NameChange", "apply_house_style", "load_house_forms"]
