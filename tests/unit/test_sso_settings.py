"""The single sign-on settings: off by default, refused when incomplete or unsafe."""

import pytest
from pydantic import ValidationError

from app.settings import Settings

LONG_SECRET = "k4Jx9-production-secret-of-more-than-32-characters"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"LEVEND_{name.upper()}", raising=False)


def test_sso_is_off_by_default() -> None:
    settings = Settings(_env_file=None)
    assert settings.oidc_enabled is False
    assert settings.oidc_client_secret.get_secret_value() == ""


def test_the_client_secret_stays_out_of_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVEND_OIDC_ISSUER", "https://id.example")
    monkeypatch.setenv("LEVEND_OIDC_CLIENT_ID", "levend")
    monkeypatch.setenv("LEVEND_OIDC_CLIENT_SECRET", "very-secret-value")
    settings = Settings(_env_file=None)
    assert settings.oidc_enabled is True
    assert "very-secret-value" not in repr(settings)
    assert settings.oidc_client_secret.get_secret_value() == "very-secret-value"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"LEVEND_OIDC_ISSUER": "https://id.example"}, "LEVEND_OIDC_CLIENT_ID is needed"),
        (
            {
                "LEVEND_OIDC_ISSUER": "https://id.example",
                "LEVEND_OIDC_CLIENT_ID": "levend",
                "LEVEND_OIDC_SCOPES": "email profile",
            },
            "must include openid",
        ),
        (
            {
                "LEVEND_ENV": "production",
                "LEVEND_SECRET_KEY": LONG_SECRET,
                "LEVEND_OIDC_ISSUER": "http://id.example",
                "LEVEND_OIDC_CLIENT_ID": "levend",
            },
            "must be an https:// URL in production",
        ),
    ],
)
def test_incomplete_or_unsafe_sso_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None)
