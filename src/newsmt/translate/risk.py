"""Where an editor should look first: a risk score per translated sentence and per
article, from the engine's own confidence and the names step's signals.

- The engine's confidence: CTranslate2's hypothesis score is the log-likelihood
  normalised per token, so exp(score) is the geometric mean of the token probabilities
  (1: the model had no doubt). The translation memory keeps it with the sentence, so a
  rerun scores the same. Engines that give none (DeepL, LibreTranslate, an LLM) and
  sentences an editor wrote contribute nothing here.
- A name the source mentions that the gazetteer does not know: the engine spelled it
  unchecked.
- A name the names step changed: the engine wrote it otherwise, so the sentence around
  it may be off too.

risk = min(1, (1 - confidence) + UNKNOWN_NAME × unknown names + CHANGED_NAME × changed
names); the article's risk is its riskiest sentence. Scoring starts again from the
engine's sentence (kept as "machine") each time, so a re-run of the names step scores the
article anew instead of adding to the last score. The weights and the threshold that
marks a sentence (NEWSMT_RISK_THRESHOLD) are starting points: they must be calibrated on
the real model against editors' corrections; the tiny test model's confidences mean
nothing.
"""

from __future__ import annotations

from typing import Any

UNKNOWN_NAME = 0.4
CHANGED_NAME = 0.15


def sentence_entries(
    where: str, sentences: list[tuple[str, str, float | None]]
) -> list[dict[str, Any]]:
    """What the translate stage records per sentence, before the names step."""
    return [
        {"where": where, "source": source, "sentence": german, "confidence": confidence}
        for source, german, confidence in sentences
    ]


def score(
    entries: list[dict[str, Any]],
    name_changes: list[dict[str, Any]],
    unknown_names: list[dict[str, Any]],
) -> tuple[float | None, list[dict[str, Any]]]:
    """The article's risk and its sentences with their risk and reasons (in German, for
    the editor); the German sentence follows the names step's changes."""
    scored = []
    for entry in entries:
        sentence = str(entry.get("machine") or entry.get("sentence") or "")
        machine = sentence
        source = str(entry.get("source") or "")
        confidence = entry.get("confidence")
        risk, reasons = 0.0, []
        if confidence is not None:
            risk += 1.0 - float(confidence)
            reasons.append(f"Konfidenz der Engine {float(confidence) * 100:.0f} %")
        for change in name_changes:
            if change.get("where") != entry.get("where"):
                continue
            before, after = str(change.get("from") or ""), str(change.get("to") or "")
            if before and before in sentence:
                sentence = sentence.replace(before, after)
                risk += CHANGED_NAME
                reasons.append(f"Name geändert: {before} → {after}")
        for unknown in unknown_names:
            name = str(unknown.get("name") or "")
            if name and name in source:
                risk += UNKNOWN_NAME
                reasons.append(f"unbekannter Name: {name}")
        scored.append(
            {
                **entry,
                "machine": machine,
                "sentence": sentence,
                "risk": round(min(1.0, risk), 3),
                "reasons": reasons,
            }
        )
    article = max((e["risk"] for e in scored), default=None)
    return article, scored
