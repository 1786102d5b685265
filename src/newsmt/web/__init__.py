"""The web app over the generated site (the editor area grows here)."""

from newsmt.web.app import create_app

__all__ = ["create_app"]
