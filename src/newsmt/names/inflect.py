"""Inflected forms of names, so "Харькова", "Кривому Розі" and "Умєровим" find their entity.

pymorphy3 knows common names but not every surname or small town, and it lemmatises
unknown words badly (Умєровим → "умєровий"). So the gazetteer indexes, next to each base
form, the case forms produced by the endings below (over-generating is harmless: the
forms are only looked up for capitalised words of the source); pymorphy3's own lemmas
are looked up as well at detection time.
"""

from __future__ import annotations

NOUN_CONSONANT = ("а", "у", "ом", "ем", "е", "і", "ові", "еві", "ы", "и", "ым", "им")
FEMININE_A = ("ы", "и", "і", "е", "у", "ой", "ою", "ей", "ею", "ої", "ій")
FEMININE_YA = ("и", "і", "ї", "е", "ю", "ей", "ею", "єю", "ії", "ией")
ADJ_MASC = ("ого", "ому", "им", "ым", "ом", "ім", "ій")
ADJ_FEM = ("ой", "ую", "ою", "ей", "ої", "ій", "у")
PLURAL = ("", "ах", "ам", "ами", "ів", "ях", "ям", "ями", "ей")
SOFT = ("я", "ю", "ем", "єм", "е", "і", "и", "ю", "ею")
VOWEL_O = ("а", "у", "ом", "ові", "і", "е")


def word_forms(word: str) -> set[str]:
    """Lower-case case forms of one word of a name (the word itself included)."""
    w = word.lower().replace("’", "'").replace("ʼ", "'").replace("ё", "е")
    forms = {w}
    if len(w) < 3 or "-" in w and not w.endswith(("ськ", "цьк")):
        parts = w.split("-")
        if len(parts) > 1:  # Івано-Франківськ: only the last part inflects
            forms |= {"-".join([*parts[:-1], f]) for f in word_forms(parts[-1])}
        return forms
    last2, last = w[-2:], w[-1]
    if last2 in ("ий", "ый", "ой", "ій"):
        stem = w[:-2]
        forms |= {stem + e for e in ADJ_MASC}
        if last2 == "ой" and not stem.endswith(("к", "г", "х")):
            forms |= {stem + e for e in NOUN_CONSONANT}  # Толстой as noun-like
    elif last2 in ("ая", "яя"):
        forms |= {w[:-2] + e for e in ADJ_FEM}
    elif last2 in ("ів", "їв") and len(w) > 3:
        stem = w[:-2] + ("ов" if last2 == "ів" else "єв")  # Харків → Харкова, Київ → Києва
        forms |= {stem + e for e in NOUN_CONSONANT} | {w + e for e in NOUN_CONSONANT}
    elif last2 == "іг":
        stem = w[:-2] + "ог"  # Ріг → Рогу, Розі
        forms |= {stem + e for e in NOUN_CONSONANT} | {w[:-2] + "озі"}
    elif last == "а":
        forms |= {w[:-1] + e for e in FEMININE_A}
        if w.endswith(("ська", "цька")):
            forms |= {w[:-1] + e for e in ADJ_FEM}
    elif last == "я":
        forms |= {w[:-1] + e for e in FEMININE_YA}
    elif last in "иы":
        forms |= {w[:-1] + e for e in PLURAL}
    elif last == "ь":
        forms |= {w[:-1] + e for e in SOFT}
        if w.endswith("ець"):  # fleeting e: Лубінець → Лубінця
            forms |= {w[:-3] + "ц" + e for e in ("я", "ю", "ем", "і", "ею")}
    elif last == "о":
        forms |= {w[:-1] + e for e in VOWEL_O}
    elif last == "е":
        forms |= {w[:-1] + e for e in ("ого", "ому", "им", "ім", "ым", "ом")}
    elif last == "й":
        forms |= {w[:-1] + e for e in ("я", "ю", "єм", "ем", "ї", "е")}
    elif last not in "аеєиіїоуюяыэё":
        forms |= {w + e for e in NOUN_CONSONANT}
        if w.endswith("ец"):  # fleeting e: Лубинец → Лубинца
            forms |= {w[:-2] + "ц" + e for e in ("а", "у", "ем", "е", "ом")}
    return forms


def normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("ʼ", "'").replace("ё", "е")
