"""/licenses/[license_id]/leases — the lease pool of one of our own concurrent licenses."""

from __future__ import annotations

import reflex as rx

from license_hub.components.lease_pool import lease_pool
from license_hub.components.shell import shell
from license_hub.pages import page
from license_hub.state.floating_leases import FloatingLeasesState as S


@page("/licenses/[license_id]/leases", "Leases · License Hub", on_load=S.load)
def license_leases_page() -> rx.Component:
    return shell(lease_pool("/licenses", "Back to licenses"), active="licenses")
