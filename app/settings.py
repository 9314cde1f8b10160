"""Settings, read from environment variables with the LEVEND_ prefix (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Only for `make run` on a laptop; production refuses to start with it.
DEMO_SECRET_KEY = "levend-demo-secret-change-me"  # noqa: S105

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting is documented in README.md; tests/unit/test_settings.py checks that."""

    model_config = SettingsConfigDict(env_prefix="LEVEND_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        default="development", description="development, test or production."
    )
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'levend.db'}",
        description="SQLAlchemy URL; sqlite:///path or postgresql+psycopg://user@host/db.",
    )
    secret_key: str = Field(
        default=DEMO_SECRET_KEY, description="Signs session cookies; required in production."
    )
    session_max_age_seconds: int = Field(
        default=8 * 3600, description="How long a login session lasts."
    )
    default_language: Literal["nl", "en"] = Field(
        default="nl", description="UI language when the user has not chosen one."
    )
    questionnaire_dir: Path = Field(
        default=PROJECT_ROOT / "questionnaires",
        description="Folder with the built-in questionnaire sets.",
    )
    max_request_bytes: int = Field(
        default=256 * 1024, description="Largest request body accepted, in bytes."
    )
    login_failures_per_account: int = Field(
        default=5, ge=1, description="Failed logins allowed per account within the window."
    )
    login_failures_per_address: int = Field(
        default=20, ge=1, description="Failed logins allowed per client address within the window."
    )
    login_failure_window_seconds: int = Field(
        default=15 * 60, ge=1, description="How long a failed login counts against the limits."
    )
    oidc_issuer: str = Field(
        default="",
        description="OpenID Connect issuer URL for single sign-on; empty turns SSO off.",
    )
    oidc_client_id: str = Field(default="", description="Levend's client id at the provider.")
    oidc_client_secret: SecretStr = Field(
        default=SecretStr(""), description="Levend's client secret at the provider."
    )
    oidc_scopes: str = Field(
        default="openid email profile", description="Scopes asked of the provider."
    )
    oidc_display_name: str = Field(
        default="SSO", description="Name of the provider on the login button."
    )
    oidc_organisation_claim: str = Field(
        default="organisation", description="ID token claim that holds the organisation slug."
    )
    oidc_role_claim: str = Field(
        default="role", description="ID token claim that holds the role in Levend."
    )

    @model_validator(mode="after")
    def _refuse_demo_secret_in_production(self) -> "Settings":
        if self.env == "production":
            if self.secret_key == DEMO_SECRET_KEY:
                raise ValueError(
                    "LEVEND_SECRET_KEY is the demo secret; set a long random secret in production."
                )
            if len(self.secret_key) < 32:
                raise ValueError("LEVEND_SECRET_KEY must be at least 32 characters in production.")
        return self

    @model_validator(mode="after")
    def _complete_single_sign_on(self) -> "Settings":
        if not self.oidc_enabled:
            return self
        if not self.oidc_client_id:
            raise ValueError("LEVEND_OIDC_ISSUER is set, so LEVEND_OIDC_CLIENT_ID is needed too.")
        if "openid" not in self.oidc_scopes.split():
            raise ValueError("LEVEND_OIDC_SCOPES must include openid.")
        if self.env == "production" and not self.oidc_issuer.startswith("https://"):
            raise ValueError("LEVEND_OIDC_ISSUER must be an https:// URL in production.")
        return self

    @property
    def https_only(self) -> bool:
        return self.env == "production"

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer)


@lru_cache
def get_settings() -> Settings:
    return Settings()
