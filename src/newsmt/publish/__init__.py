"""Publishing: the static site and its feeds."""

from newsmt.publish.site import IndexItem, SiteBuilder, sanitise_fragment, write_atomic

__all__ = ["IndexItem", "SiteBuilder", "sanitise_fragment", "write_atomic"]
