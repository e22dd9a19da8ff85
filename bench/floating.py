"""Benchmark: floating check-outs per second with 100 concurrent clients on SQLite
and PostgreSQL, each client a thread on its own connection looping check-out then
check-in (every check-out takes the license-row lock and writes its lease, event
and audit rows). Baseline measured in the same run with the same clients:
node-locked activations (activate then deactivate a machine, the same lock).
A second figure runs 100 clients against a 10-seat pool, so most answers are
recorded denials.

    .venv/bin/python bench/floating.py [--clients 100] [--cycles 5]
"""

from __future__ import annotations

import argparse
import threading
import time

from common import fresh_database

from license_hub.db import write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.floating import leases, pools
from license_hub.services.floating.engine import Holder
from license_hub.services.publishing import issuing, machines, policies

ACTOR = "bench@example.com"


def issue(model: str, seats: int, n: int) -> int:
    with write_session() as s:
        entry = catalog.create_entry(s, ACTOR, name=f"Bench {model} {n}", publisher="Us").id
        product = policies.publish_product(s, ACTOR, entry, f"BENCH{n}").id
        policy = policies.create_policy(
            s, ACTOR, product, policies.PolicyInput(name=model, license_model=model, max_machines=seats)
        ).id
        customer = issuing.create_customer(s, ACTOR, "organization", "Bench Corp", "bench@corp.example").id
        return issuing.issue(s, ACTOR, policy, customer).license_id


def run(clients: int, cycles: int, work) -> tuple[float, int, int]:
    """(seconds, successful first steps, calls that gave up) for `clients` threads each
    running work(n, i) `cycles` times. The app's connection pool holds 30 connections,
    so most clients queue for one; a client that waited past the pool timeout counts
    as given up rather than ending its thread."""
    barrier = threading.Barrier(clients + 1)
    wins, errors = [0] * clients, [0] * clients

    def client(n: int) -> None:
        barrier.wait()
        for i in range(cycles):
            try:
                wins[n] += work(n, i)
            except Exception:  # noqa: BLE001 - counted and reported
                errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - start, sum(wins), sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--cycles", type=int, default=5)
    args = parser.parse_args()
    c, k = args.clients, args.cycles
    for kind in ("sqlite", "postgresql"):
        with fresh_database(kind):
            node = issue("node-locked", c, 1)

            def activation(n: int, i: int) -> int:
                fp = f"bench-machine-{n:04d}-{i:03d}"
                machines.activate(ACTOR, node, fp)
                with write_session() as s:
                    machines.deactivate(s, ACTOR, node, fp)
                return 1

            roomy_license, tight_license = issue("floating", c, 2), issue("floating", 10, 3)
            with write_session() as s:
                roomy = pools.pool_for(s, published_license_id=roomy_license).id
                tight = pools.pool_for(s, published_license_id=tight_license).id

            def cycle(pool_id: int):
                def work(n: int, i: int) -> int:
                    got = leases.check_out(ACTOR, pool_id, Holder(f"user{n}", f"host{n}"))
                    if got.status != "granted":
                        return 0
                    leases.check_in(ACTOR, pool_id, got.lease_id)
                    return 1

                return work

            base_s, base_n, base_e = run(c, k, activation)
            float_s, float_n, float_e = run(c, k, cycle(roomy))
            tight_s, tight_n, tight_e = run(c, k, cycle(tight))
            base_rate, float_rate = base_n / base_s, float_n / float_s
            print(f"{kind:10} {c} concurrent clients, {k} cycles each")
            print(
                f"  baseline: node-locked activate+deactivate {base_rate:8.1f} activations/s "
                f"({base_n} in {base_s:.1f} s, {base_e} gave up)"
            )
            print(
                f"  floating check-out+check-in ({c} seats)   {float_rate:8.1f} check-outs/s "
                f"({float_n} in {float_s:.1f} s, {float_e} gave up)  {float_rate / base_rate:.2f}× baseline"
            )
            print(
                f"  floating on a 10-seat pool                {c * k / tight_s:8.1f} answers/s "
                f"({tight_n} granted, {c * k - tight_n - tight_e} denied, {tight_e} gave up, {tight_s:.1f} s)"
            )


if __name__ == "__main__":
    main()
