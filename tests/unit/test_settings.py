"""Settings: production refuses an unsafe secret, and every setting is documented."""

import re

import pytest
from pydantic import ValidationError

from app.settings import DEMO_SECRET_KEY, PROJECT_ROOT, Settings

LONG_SECRET = "k4Jx9-production-secret-of-more-than-32-characters"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"LEVEND_{name.upper()}", raising=False)


def test_production_refuses_the_demo_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVEND_ENV", "production")
    with pytest.raises(ValidationError, match="LEVEND_SECRET_KEY is the demo secret"):
        Settings(_env_file=None)


def test_production_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVEND_ENV", "production")
    monkeypatch.setenv("LEVEND_SECRET_KEY", "x" * 31)
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(_env_file=None)


def test_production_accepts_a_long_secret_and_turns_on_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEVEND_ENV", "production")
    monkeypatch.setenv("LEVEND_SECRET_KEY", LONG_SECRET)
    settings = Settings(_env_file=None)
    assert (settings.env, settings.secret_key, settings.https_only) == (
        "production",
        LONG_SECRET,
        True,
    )


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_and_test_may_use_the_demo_secret(env: str) -> None:
    settings = Settings(env=env, _env_file=None)
    assert settings.secret_key == DEMO_SECRET_KEY
    assert settings.https_only is False


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVEND_ENV", "prod")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(LEVEND_[A-Z0-9_]+)`", readme))
    settings = {f"LEVEND_{name.upper()}" for name in Settings.model_fields}
    assert sorted(settings - documented) == [], "document these settings in README.md"


def test_the_readme_documents_no_setting_that_does_not_exist() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(LEVEND_[A-Z0-9_]+)`", readme))
    settings = {f"LEVEND_{name.upper()}" for name in Settings.model_fields}
    # LEVEND_TEST_DATABASE_URL is the test suite's, not the app's.
    assert sorted(documented - settings - {"LEVEND_TEST_DATABASE_URL"}) == []
