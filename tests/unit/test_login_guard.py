"""The login guard's counting, straight on the database: the window, the limits, the wait it
announces, and attempts that run at the same moment."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.auth.login_guard import (
    LoginLimits,
    TooManyFailures,
    attempt_failed,
    attempt_succeeded,
    start_attempt,
)
from app.models import LoginFailure, utcnow
from app.settings import Settings

LIMITS = LoginLimits(per_account=3, per_address=5, window=timedelta(minutes=15))


def fail(session: Session, email: str, address: str, minutes_ago: float = 0) -> int:
    """An attempt whose password turned out wrong."""
    when = utcnow() - timedelta(minutes=minutes_ago)
    attempt = start_attempt(session, email=email, address=address, limits=LIMITS, now=when)
    attempt_failed(session, attempt)
    return attempt


def test_the_defaults_are_five_per_account_and_twenty_per_address_in_fifteen_minutes() -> None:
    assert LoginLimits.of(Settings(_env_file=None)) == LoginLimits(
        per_account=5, per_address=20, window=timedelta(minutes=15)
    )


def test_the_limit_refuses_the_attempt_after_it_and_says_how_long_to_wait(
    session: Session,
) -> None:
    for minutes_ago in (10, 6, 2):
        fail(session, "eva@utrecht.example", "10.0.0.1", minutes_ago)

    with pytest.raises(TooManyFailures) as refused:
        fail(session, "Eva@Utrecht.example ", "10.0.0.2")

    # The oldest of the three leaves the window in five minutes.
    assert 5 * 60 - 5 <= refused.value.retry_after <= 5 * 60
    assert refused.value.status_code == 429
    assert refused.value.message.endswith("Try again in 5 minutes.")
    # The refused attempt itself is not counted: waiting is enough to get in again.
    assert len(session.exec(select(LoginFailure)).all()) == 3


def test_failures_older_than_the_window_no_longer_count_and_are_cleared(
    session: Session,
) -> None:
    for _ in range(3):
        fail(session, "eva@utrecht.example", "10.0.0.1", minutes_ago=16)

    fail(session, "eva@utrecht.example", "10.0.0.1")

    stored = session.exec(select(LoginFailure)).all()
    assert len(stored) == 1


def test_attempts_running_at_the_same_time_count_each_other(session: Session) -> None:
    """Three attempts that are still checking their passwords (in other workers) fill the
    account's allowance: a fourth is refused before any of them has failed."""
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        start_attempt(session, email="eva@utrecht.example", address=address, limits=LIMITS)
    with pytest.raises(TooManyFailures):
        start_attempt(session, email="eva@utrecht.example", address="10.0.0.4", limits=LIMITS)


def test_success_forgets_only_this_accounts_failures_from_this_address(session: Session) -> None:
    fail(session, "eva@utrecht.example", "10.0.0.1")
    fail(session, "eva@utrecht.example", "10.0.0.66")
    fail(session, "piet@utrecht.example", "10.0.0.1")
    attempt = fail(session, "eva@utrecht.example", "10.0.0.1")

    attempt_succeeded(session, attempt, email="EVA@utrecht.example", address="10.0.0.1")

    left = {(row.account, row.address) for row in session.exec(select(LoginFailure))}
    assert left == {
        ("eva@utrecht.example", "10.0.0.66"),
        ("piet@utrecht.example", "10.0.0.1"),
    }


def test_the_address_limit_spans_accounts(session: Session) -> None:
    for n in range(5):
        fail(session, f"person-{n}@utrecht.example", "10.0.0.66")
    with pytest.raises(TooManyFailures):
        fail(session, "person-5@utrecht.example", "10.0.0.66")
    fail(session, "person-5@utrecht.example", "10.0.0.7")  # another address is not affected


def test_colleagues_logging_in_at_once_from_one_office_are_not_refused(session: Session) -> None:
    """Attempts still being checked count against their account, not against the address that
    a whole town hall may share: twenty-five people at nine o'clock all get in."""
    office = "192.0.2.10"
    for n in range(LIMITS.per_address + 5):
        start_attempt(session, email=f"person-{n}@utrecht.example", address=office, limits=LIMITS)
