"""The desk's decisions on articles, independent of HTTP: the web app and the command
line both call these. Every change of state goes through the state machine
(`newsmt.pipeline.machine`), every change of what readers see through the publication
service (`newsmt.pipeline.publication`). `accounts` holds who may act: users, password
hashes, sessions and login limits."""

from newsmt.editorial.decisions import Editing, TransitionRefused, covered_by, refusal_de
from newsmt.editorial.paragraphs import Paragraph, paragraphs, set_paragraph

__all__ = [
    "Editing",
    "Paragraph",
    "TransitionRefused",
    "covered_by",
    "paragraphs",
    "refusal_de",
    "set_paragraph",
]
