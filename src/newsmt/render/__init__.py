"""Rendering the German article: layout, typography, German dates."""

from newsmt.render.article import GermanArticle, RelatedLine, render_german_article, slugify
from newsmt.render.dates import german_date
from newsmt.render.typography import german_typography

__all__ = [
    "GermanArticle",
    "RelatedLine",
    "german_date",
    "german_typography",
    "render_german_article",
    "slugify",
]
