"""German date lines ("Donnerstag, 1. Januar 2026, 18:42 Uhr") in Kyiv time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def german_date(value: datetime, *, with_time: bool = True, tz: ZoneInfo = KYIV) -> str:
    local = value.astimezone(tz) if value.tzinfo else value.replace(tzinfo=tz)
    text = f"{WEEKDAYS[local.weekday()]}, {local.day}.\u00a0{MONTHS[local.month - 1]} {local.year}"
    return f"{text}, {local:%H:%M} Uhr" if with_time else text
