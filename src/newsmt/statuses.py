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
HELD = "held"  # rendered, waiting for an editor's approval (a source publishing after it)
# editorial review, beside the status: Article.review_status
UNREVIEWED = "unreviewed"
APPROVED = "approved"
REJECTED = "rejected"  # with status withdrawn, until an editor restores it
# statuses at which an article moves no further
SETTLED = (PUBLISHED, DUPLICATE, WITHDRAWN, ALTERNATE, HELD)

# how a source's articles reach the site (Source.publish_mode; None means immediately)
IMMEDIATELY = "immediately"
AFTER_APPROVAL = "after-approval"
PUBLISH_MODES = (IMMEDIATELY, AFTER_APPROVAL)

# what editors read: the German names of statuses, review states and stages
STATUS_DE = {
    PENDING: "in Arbeit",
    FAILED: "Fehler",
    PUBLISHED: "veröffentlicht",
    DUPLICATE: "Dublette",
    WITHDRAWN: "zurückgezogen",
    ALTERNATE: "andere Sprachausgabe",
    HELD: "wartet auf Freigabe",
}
REVIEW_DE = {UNREVIEWED: "ungeprüft", APPROVED: "freigegeben", REJECTED: "abgelehnt"}
STAGE_DE = {
    "discovered": "gefunden",
    "fetched": "Abruf",
    "extracted": "Extraktion",
    "captured": "Screenshot",
    "translated": "Übersetzung",
    "names": "Namen",
    "rendered": "Satz",
    "published": "Veröffentlichung",
    "?": "unbekannter Schritt",
}
PUBLISH_MODE_DE = {IMMEDIATELY: "sofort", AFTER_APPROVAL: "nach Freigabe"}
