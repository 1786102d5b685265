from __future__ import annotations

from newsmt.publish import sanitise_fragment


def test_sanitiser_removes_scripts_and_handlers():
    dirty = '<p onclick="x()">Hallo<script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)></p>'
    clean = sanitise_fragment(dirty)
    assert "<script" not in clean and "onclick" not in clean
    assert "javascript:" not in clean and "onerror" not in clean
    assert "Hallo" in clean
