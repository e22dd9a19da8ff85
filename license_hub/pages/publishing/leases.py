"""/publishing/licenses/[license_id]/leases — the lease pool of an issued floating license."""

from __future__ import annotations

import reflex as rx

from license_hub.components.lease_pool import lease_pool
from license_hub.components.shell import shell
from license_hub.pages import page
from license_hub.state.floating_leases import FloatingLeasesState as S


@page("/publishing/licenses/[license_id]/leases", "Leases · License Hub", on_load=S.load)
def publishing_leases_page() -> rx.Component:
    return shell(lease_pool("/publishing/licenses", "Back to issued licenses"), active="publishing")
