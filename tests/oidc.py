"""A real OpenID Connect provider for the tests: oidc-provider-mock on a free loopback port, in a
thread of the test process. It signs ID tokens with its own key, publishes a discovery document
and a JWKS, and logs in whichever subject its login form is given, with the claims stored for
that subject beforehand."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "levend-test"
CLIENT_SECRET = "levend-test-secret"


@contextmanager
def running_provider() -> Iterator[str]:
    """The provider's issuer URL while it runs."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    with run_server_in_thread(require_nonce=True) as server:
        # The provider names itself after the host it is asked on: always ask "localhost".
        yield f"http://localhost:{server.server_port}"


def set_claims(issuer: str, subject: str, claims: dict[str, Any]) -> None:
    """What the provider will say about `subject` in the ID token of its next login."""
    httpx.put(f"{issuer}/users/{subject}", json=claims, timeout=5).raise_for_status()


def log_in_at_provider(authorize_url: str, subject: str) -> str:
    """Submit the provider's login form as `subject`; the URL it sends the browser back to."""
    response = httpx.post(authorize_url, data={"sub": subject}, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def cancel_at_provider(authorize_url: str) -> str:
    """Press the provider's "Deny" button; the URL it sends the browser back to."""
    response = httpx.post(authorize_url, data={"action": "deny"}, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["location"]
