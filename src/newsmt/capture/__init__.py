"""Capturing the original page as a screenshot."""

from newsmt.capture.screenshot import CaptureError, Screenshot, Screenshotter, make_thumbnail

__all__ = ["CaptureError", "Screenshot", "Screenshotter", "make_thumbnail"]
