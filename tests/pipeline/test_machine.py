"""The state machine: every (state, transition) pair is allowed or refused as the table
below says, and a refused transition changes nothing.

The table is written here, apart from the module's own `ALLOWED_FROM`, so that a change
of the rules is a change of this specification too.
"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from newsmt.pipeline import machine
from newsmt.pipeline.machine import Transition, TransitionRefused
from newsmt.statuses import Outcome, Review, Stage, Status
from newsmt.store import Article, ArticleEvent, Database, Source

S, R, T = Status, Review, Transition
NOT_REJECTED = {R.UNREVIEWED, R.APPROVED}
MOVING = {S.PENDING, S.FAILED}

# (transition) -> the (status, review) states it may start from
SPECIFICATION: dict[Transition, set[tuple[Status, Review]]] = {
    T.ADVANCE: set(itertools.product(MOVING, NOT_REJECTED)),
    T.FAIL: set(itertools.product(MOVING, NOT_REJECTED)),
    T.HOLD: set(itertools.product(MOVING, NOT_REJECTED)),
    T.MARK_DUPLICATE: set(itertools.product(MOVING, NOT_REJECTED)),
    T.MARK_ALTERNATE: set(itertools.product(MOVING, NOT_REJECTED)),
    # a held article is published only once an editor approved it
    T.PUBLISH: set(itertools.product(MOVING, NOT_REJECTED)) | {(S.HELD, R.APPROVED)},
    T.WITHDRAW: set(itertools.product({S.PUBLISHED, S.HELD}, NOT_REJECTED)),
    T.REJECT: set(itertools.product(set(S), NOT_REJECTED)),
    T.RESTORE: set(itertools.product(set(S), {R.REJECTED})),
    T.APPROVE: set(itertools.product({S.PENDING, S.FAILED, S.HELD, S.PUBLISHED}, NOT_REJECTED)),
    T.RETRY: set(itertools.product({S.FAILED}, NOT_REJECTED)),
}


@pytest.fixture
def db(tmp_path) -> Database:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'machine.db'}")
    database.prepare()
    with database.session() as session:
        session.add(Source(name="src", feed_url="http://127.0.0.1/rss", label="Quelle"))
    yield database
    database.dispose()


def make_article(session, status: Status, review: Review, stage: Stage) -> Article:  # type: ignore[no-untyped-def]
    source = session.scalars(select(Source)).one()
    article = Article(
        source_id=source.id,
        url=f"http://127.0.0.1/a/{status}-{review}-{stage}",
        canonical_url=f"http://127.0.0.1/a/{status}-{review}-{stage}",
        status=status,
        review_status=review,
        stage=stage,
        title_de="Deutscher Titel",
    )
    session.add(article)
    session.flush()
    return article


def attempt(session, article: Article, transition: Transition) -> None:  # type: ignore[no-untyped-def]
    match transition:
        case T.ADVANCE:
            machine.advance(session, article, machine.NEXT_STAGE[article.stage], "1 ms")
        case T.FAIL:
            machine.fail(session, article, article.stage, "broken", "broken")
        case T.HOLD:
            machine.hold(session, article)
        case T.MARK_DUPLICATE:
            machine.mark_duplicate(session, article, article.stage, 1, "same text")
        case T.MARK_ALTERNATE:
            machine.mark_alternate(session, article, article.stage, 1, "other edition")
        case T.PUBLISH:
            machine.publish(session, article, "1 ms")
        case T.WITHDRAW:
            machine.withdraw(session, article, "taken down")
        case T.REJECT:
            machine.reject(session, article, "anna", "falsch")
        case T.RESTORE:
            machine.restore(session, article, "anna", None)
        case T.APPROVE:
            machine.approve(session, article, "anna")
        case T.RETRY:
            machine.retry(session, article, "anna")


@pytest.mark.parametrize("transition", list(Transition))
def test_every_state_and_transition_is_allowed_or_refused_as_specified(db, transition):
    assert set(SPECIFICATION) == set(Transition)
    for status, review in itertools.product(Status, Review):
        # the stage each transition needs: advancing from the names step, everything else
        # from a rendered article (publish and hold need one)
        stage = Stage.NAMES if transition == T.ADVANCE else Stage.RENDERED
        with db.session() as session:
            article = make_article(session, status, review, stage)
            before = (article.status, article.review_status, article.stage)
            events = session.scalars(select(ArticleEvent)).all()
            expected = (status, review) in SPECIFICATION[transition]
            assert machine.allowed(article, transition) == expected, (status, review)
            if expected:
                attempt(session, article, transition)
                written = session.scalars(select(ArticleEvent)).all()
                assert len(written) == len(events) + 1, "a transition writes its event"
            else:
                with pytest.raises(TransitionRefused) as refused:
                    attempt(session, article, transition)
                assert refused.value.transition == transition
                assert (article.status, article.review_status, article.stage) == before
            session.rollback()


def test_only_an_article_with_german_text_can_be_approved(db):
    with db.session() as session:
        untranslated = make_article(session, S.FAILED, R.UNREVIEWED, Stage.CAPTURED)
        untranslated.title_de = None
        with pytest.raises(TransitionRefused, match="no German text"):
            machine.approve(session, untranslated, "anna")
        assert untranslated.review_status == R.UNREVIEWED


def test_an_approval_belongs_to_the_text_it_approved(db):
    """Approved, then failed and retried, then translated anew: the approval is gone, so
    the article waits for an editor again instead of publishing as reviewed."""
    with db.session() as session:
        article = make_article(session, S.FAILED, R.UNREVIEWED, Stage.NAMES)
        machine.approve(session, article, "anna")
        assert article.review_status == R.APPROVED
        machine.retry(session, article, "anna")
        assert article.review_status == R.UNREVIEWED

        machine.approve(session, article, "anna")  # approved again; the line translates anew
        article.stage = Stage.CAPTURED
        machine.advance(session, article, Stage.TRANSLATED, "1 ms")
        assert article.review_status == R.UNREVIEWED
        outcomes = [e.outcome for e in session.scalars(select(ArticleEvent))]
        assert outcomes == [Outcome.APPROVED, Outcome.RETRY, Outcome.APPROVED, Outcome.OK]


def test_advance_goes_one_stage_at_a_time_and_never_publishes(db):
    with db.session() as session:
        article = make_article(session, S.PENDING, R.UNREVIEWED, Stage.FETCHED)
        with pytest.raises(TransitionRefused, match="next stage is extracted"):
            machine.advance(session, article, Stage.TRANSLATED, None)
        article.stage = Stage.RENDERED
        with pytest.raises(TransitionRefused):
            machine.advance(session, article, Stage.PUBLISHED, None)


def test_a_restore_goes_back_to_where_the_stage_allows(db):
    with db.session() as session:
        published = make_article(session, S.PUBLISHED, R.UNREVIEWED, Stage.PUBLISHED)
        previous = machine.reject(session, published, "anna", "falsch")
        assert (previous, published.status) == (S.PUBLISHED, S.WITHDRAWN)
        assert machine.restore(session, published, "anna", previous) == S.PUBLISHED
        in_line = make_article(session, S.PENDING, R.UNREVIEWED, Stage.NAMES)
        machine.reject(session, in_line, "anna", "falsch")
        assert machine.restore(session, in_line, "anna", S.PUBLISHED) == S.PENDING
        duplicate = make_article(session, S.DUPLICATE, R.UNREVIEWED, Stage.EXTRACTED)
        assert machine.reject(session, duplicate, "anna", "falsch") == S.DUPLICATE
        assert duplicate.status == S.DUPLICATE  # stays what it is, rejected beside it


def test_the_statuses_and_stages_are_distinct_types_with_the_same_values():
    """What users see stays a plain string; the code cannot mix a stage with a status."""
    assert Status.PUBLISHED == "published" and Stage.PUBLISHED == "published"
    assert type(Status.PUBLISHED) is not type(Stage.PUBLISHED)
