"""The names of an article's status and review state: the one place they are written.

A module of its own, importing nothing, so the store, the publisher, the web app and the
pipeline all use the same names without importing each other.
"""

PENDING = "pending"
FAILED = "failed"
PUBLISHED = "published"
DUPLICATE = "duplicate"
WITHDRAWN = "withdrawn"  # an editor took it off the site
ALTERNATE = "alternate"  # the same story in the outlet's other language; not translated
# editorial review, beside the status: Article.review_status
UNREVIEWED = "unreviewed"
APPROVED = "approved"
REJECTED = "rejected"  # with status withdrawn, until an editor restores it
# statuses at which an article moves no further
SETTLED = (PUBLISHED, DUPLICATE, WITHDRAWN, ALTERNATE)
