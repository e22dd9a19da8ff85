"""Every LICENSE_HUB_* setting, read in one place so the rest of the code never touches os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class NotifySettings:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_starttls: bool = True
    reminder_lead_days: tuple[int, ...] = (90, 30, 7)
    reminder_grace_days: int = 7
    email_digest: bool = False
    digest_hour: int = 7
    scan_interval_minutes: int = 60
    scheduler_enabled: bool = True
    scheduler_lease_seconds: int = 60
    app_url: str = "http://localhost:3000"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)


def parse_lead_days(raw: str) -> tuple[int, ...]:
    """ "90,30,7" -> (90, 30, 7): positive whole days, largest first, no repeats.
    The due day itself (0) is always a stage and need not be listed."""
    days: set[int] = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        value = int(part)
        if not 0 <= value <= 3650:
            raise ValueError(f"reminder lead days must be between 0 and 3650, got {value}")
        if value:
            days.add(value)
    return tuple(sorted(days, reverse=True))


def parse_exchange_rates(raw: str) -> dict[str, Decimal]:
    """ "USD=0.92,GBP=1.17" -> {"USD": Decimal("0.92"), ...}: one unit of each currency in
    the workspace currency, for converted totals (amounts are never mixed without one)."""
    rates: dict[str, Decimal] = {}
    for part in (raw or "").split(","):
        if not part.strip():
            continue
        code, sep, value = part.partition("=")
        code = code.strip().upper()
        if not sep or len(code) != 3 or not code.isalpha():
            raise ValueError(f"exchange rates look like USD=0.92,GBP=1.17; got {part.strip()!r}")
        try:
            rate = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"exchange rate for {code} is not a number: {value.strip()!r}") from None
        if not rate.is_finite() or rate <= 0:
            raise ValueError(f"exchange rate for {code} must be positive, got {value.strip()}")
        rates[code] = rate
    return rates


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return raw in _TRUE if raw else default


def _load_notify() -> NotifySettings:
    starttls = _flag("LICENSE_HUB_SMTP_STARTTLS", True)
    return NotifySettings(
        smtp_host=os.environ.get("LICENSE_HUB_SMTP_HOST") or None,
        smtp_port=_int("LICENSE_HUB_SMTP_PORT", 587 if starttls else 25),
        smtp_user=os.environ.get("LICENSE_HUB_SMTP_USER") or None,
        smtp_password=os.environ.get("LICENSE_HUB_SMTP_PASSWORD") or None,
        smtp_from=os.environ.get("LICENSE_HUB_SMTP_FROM") or None,
        smtp_starttls=starttls,
        reminder_lead_days=parse_lead_days(os.environ.get("LICENSE_HUB_REMINDER_LEAD_DAYS", "90,30,7")),
        reminder_grace_days=_int("LICENSE_HUB_REMINDER_GRACE_DAYS", 7),
        email_digest=_flag("LICENSE_HUB_EMAIL_DIGEST", False),
        digest_hour=min(max(_int("LICENSE_HUB_DIGEST_HOUR", 7), 0), 23),
        scan_interval_minutes=max(_int("LICENSE_HUB_SCAN_INTERVAL_MINUTES", 60), 1),
        scheduler_enabled=_flag("LICENSE_HUB_SCHEDULER", True),
        scheduler_lease_seconds=max(_int("LICENSE_HUB_SCHEDULER_LEASE_SECONDS", 60), 4),
        app_url=os.environ.get("LICENSE_HUB_APP_URL", "http://localhost:3000").rstrip("/"),
    )


@dataclass(frozen=True)
class Settings:
    db_url: str
    data_dir: Path
    secret_key: str | None
    old_secret_keys: str
    key_file: Path
    workspace_currency: str
    app_url: str
    llm_url: str | None
    llm_model: str
    llm_api_key: str | None
    notify: NotifySettings
    secure_cookies: bool = False
    exchange_rates: dict[str, Decimal] = field(default_factory=dict)
    redis_url: str | None = None
    api_rate_limit: int = 600  # requests per API token per minute

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def load() -> Settings:
    data_dir = Path(os.environ.get("LICENSE_HUB_DATA_DIR", PROJECT_ROOT / "data"))
    default_db = f"sqlite:///{data_dir / 'license_hub.db'}"
    return Settings(
        db_url=os.environ.get("REFLEX_DB_URL") or default_db,
        data_dir=data_dir,
        secret_key=os.environ.get("LICENSE_HUB_SECRET_KEY") or None,
        old_secret_keys=os.environ.get("LICENSE_HUB_OLD_SECRET_KEYS", ""),
        key_file=Path(os.environ.get("LICENSE_HUB_KEY_FILE", data_dir / "secret.key")),
        workspace_currency=os.environ.get("LICENSE_HUB_CURRENCY", "EUR").upper(),
        app_url=os.environ.get("LICENSE_HUB_APP_URL", "http://localhost:3000"),
        llm_url=os.environ.get("LICENSE_HUB_LLM_URL") or None,
        llm_model=os.environ.get("LICENSE_HUB_LLM_MODEL", ""),
        llm_api_key=os.environ.get("LICENSE_HUB_LLM_API_KEY") or None,
        notify=_load_notify(),
        secure_cookies=_flag("LICENSE_HUB_SECURE_COOKIES", False),
        exchange_rates=parse_exchange_rates(os.environ.get("LICENSE_HUB_EXCHANGE_RATES", "")),
        redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
        api_rate_limit=_positive_int(os.environ.get("LICENSE_HUB_API_RATE_LIMIT", ""), 600),
    )


def _positive_int(raw: str, default: int) -> int:
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else default


settings = load()


def reload() -> Settings:
    """Re-read the environment (tests point the app at a fresh database)."""
    global settings
    settings = load()
    return settings
