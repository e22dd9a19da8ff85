"""Money and dates of the reporting pages (Dashboard, Utilization, Spend) as the
plain strings the browser receives. Amounts stay per currency: a converted total
is its own line and says which currencies it had no rate for."""

from __future__ import annotations

from decimal import Decimal

from license_hub import settings as settings_mod
from license_hub.state.views import formatting


def rates() -> dict[str, Decimal]:
    return dict(settings_mod.settings.exchange_rates)


def workspace_currency() -> str:
    return settings_mod.settings.workspace_currency


# How money and dates read is decided once, in views/formatting.py.
money_lines = formatting.money_lines
converted_line = formatting.converted_line
amount = formatting.amount
day = formatting.fmt_date
days_ago = formatting.days_ago
