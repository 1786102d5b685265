"""The web app: public site, JSON API and the editor area, over the same database."""

from newsmt.web.app import create_app

__all__ = ["create_app"]
