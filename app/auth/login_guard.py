"""Limits on failed password logins, per account and per client address, kept in the database so
that every worker process counts the same failures.

An attempt is written down as failed *before* its password is checked and struck out only when
the password was right. Two attempts running at the same moment in two workers therefore each
see the other, and no burst of parallel guesses gets past the limit.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, update
from sqlmodel import Session, col, func, select

from app.auth.accounts import authenticate
from app.errors import DomainError
from app.i18n import ngettext
from app.models import LoginFailure, User, utcnow
from app.models.base import as_utc
from app.settings import Settings


@dataclass(frozen=True)
class LoginLimits:
    per_account: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> "LoginLimits":
        return cls(
            per_account=settings.login_failures_per_account,
            per_address=settings.login_failures_per_address,
            window=timedelta(seconds=settings.login_failure_window_seconds),
        )


class TooManyFailures(DomainError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "Too many failed logins: logging in is paused for your safety. "
                "Try again in %(minutes)d minute.",
                "Too many failed logins: logging in is paused for your safety. "
                "Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
        self.retry_after = retry_after


def account_key(email: str) -> str:
    return email.strip().lower()[:254]


def address_key(address: str | None) -> str:
    return (address or "unknown")[:64]


def start_attempt(
    session: Session,
    *,
    email: str,
    address: str | None,
    limits: LoginLimits,
    now: datetime | None = None,
) -> int:
    """Count a login attempt as failed until `attempt_succeeded` says otherwise; refuse it with
    TooManyFailures, without checking anything else, when the account or the address has
    already failed as often as the limits allow. Returns the attempt's id."""
    now = now or utcnow()
    account, where = account_key(email), address_key(address)
    session.execute(delete(LoginFailure).where(col(LoginFailure.failed_at) < now - limits.window))
    attempt = LoginFailure(account=account, address=where, failed_at=now)
    session.add(attempt)
    session.commit()
    assert attempt.id is not None
    checks = (
        # Attempts still being checked count against the account, so parallel guesses at one
        # password cannot slip past the limit...
        (col(LoginFailure.account) == account, limits.per_account),
        # ...but only settled failures count against an address, which a whole office may share.
        (
            (col(LoginFailure.address) == where) & col(LoginFailure.settled).is_(True),
            limits.per_address,
        ),
    )
    wait = max(_wait(session, attempt.id, key, limit, limits.window, now) for key, limit in checks)
    if wait > 0:
        session.execute(delete(LoginFailure).where(col(LoginFailure.id) == attempt.id))
        session.commit()
        raise TooManyFailures(wait)
    return attempt.id


def _wait(
    session: Session,
    attempt_id: int,
    same_key: ColumnElement[bool],
    limit: int,
    window: timedelta,
    now: datetime,
) -> int:
    """Seconds until fewer than `limit` earlier failures with this key are in the window
    (0: this attempt may go ahead)."""
    recent = (
        same_key,
        col(LoginFailure.failed_at) >= now - window,
        col(LoginFailure.id) != attempt_id,
    )
    count = session.exec(select(func.count()).select_from(LoginFailure).where(*recent)).one()
    if count < limit:
        return 0
    # The limit-th most recent failure is the one whose expiry lets the next attempt in.
    expiring = session.exec(
        select(LoginFailure.failed_at)
        .where(*recent)
        .order_by(col(LoginFailure.failed_at).desc())
        .offset(limit - 1)
        .limit(1)
    ).one()
    return max(1, math.ceil((as_utc(expiring) + window - now).total_seconds()))


def attempt_succeeded(
    session: Session, attempt_id: int, *, email: str, address: str | None
) -> None:
    """The password was right: forget this account's failures from this address (the person
    who knows the password mistyped it). Failures from other addresses keep counting, and so
    do this address's failures on other accounts."""
    session.execute(
        delete(LoginFailure).where(
            (col(LoginFailure.id) == attempt_id)
            | (
                (col(LoginFailure.account) == account_key(email))
                & (col(LoginFailure.address) == address_key(address))
            )
        )
    )
    session.commit()


def authenticate_guarded(
    session: Session, email: str, password: str, *, address: str | None, limits: LoginLimits
) -> User | None:
    """`authenticate` within the limits: TooManyFailures when the account or the address has
    failed too often lately, before the password is even looked at."""
    attempt = start_attempt(session, email=email, address=address, limits=limits)
    user = authenticate(session, email, password)
    if user is not None:
        attempt_succeeded(session, attempt, email=email, address=address)
    else:
        attempt_failed(session, attempt)
    return user


def attempt_failed(session: Session, attempt_id: int) -> None:
    """The password was wrong: from now on the failure counts against the address too."""
    session.execute(
        update(LoginFailure).where(col(LoginFailure.id) == attempt_id).values(settled=True)
    )
    session.commit()
