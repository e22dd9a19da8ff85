"""Benchmark: license validations per second and p95 latency on SQLite and PostgreSQL,
in-process (the service call, one transaction with its validation-history row) and
through the HTTP route (signed answer), against a baseline measured in the same
run: the bare indexed lookup of the license by its key digest.

    .venv/bin/python bench/validation.py [--licenses 1000] [--calls 300]
"""

from __future__ import annotations

import argparse
import random
import time

from common import fresh_database
from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import read_session, write_session
from license_hub.models import PublishedLicense
from license_hub.services.catalog import entries as catalog
from license_hub.services.publishing import issuing, keys, machines, policies, validation

ACTOR = "bench@example.com"


def seed(n: int) -> list[tuple[str, str]]:
    with write_session() as s:
        entry = catalog.create_entry(s, ACTOR, name="Bench product", publisher="Us").id
        product = policies.publish_product(s, ACTOR, entry, "BENCH").id
        policy = policies.create_policy(
            s,
            ACTOR,
            product,
            policies.PolicyInput(
                name="Node-locked",
                license_model="node-locked",
                duration_days=365,
                max_machines=4,
                entitlements="PRO EXPORT",
            ),
        ).id
        customer = issuing.create_customer(s, ACTOR, "organization", "Bench Corp", "bench@corp.example").id
        issued = [issuing.issue(s, ACTOR, policy, customer) for _ in range(n)]
    out = []
    for i, lic in enumerate(issued):
        fp = f"bench-machine-{i:06d}"
        machines.activate(ACTOR, lic.license_id, fp)
        out.append((lic.key, fp))
    return out


def measure(fn, pairs, calls: int) -> dict[str, float]:
    rng = random.Random(3)
    samples = []
    start = time.perf_counter()
    for _ in range(calls):
        key, fp = rng.choice(pairs)
        t = time.perf_counter()
        fn(key, fp)
        samples.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - start
    samples.sort()
    return {
        "per_s": calls / elapsed,
        "p95_ms": samples[int(len(samples) * 0.95) - 1],
        "median_ms": samples[len(samples) // 2],
    }


def baseline(key: str, fp: str) -> None:
    with read_session() as s:
        s.exec(select(PublishedLicense).where(PublishedLicense.key_digest == keys.digest(key))).first()


def service(key: str, fp: str) -> None:
    with write_session() as s:
        result = validation.validate_key(s, "bench", key, validation.Scope(fingerprint=fp, entitlements=("PRO",)))
    assert result.code == "VALID", result.code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--licenses", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql"):
        with fresh_database(kind):
            pairs = seed(args.licenses)
            client = TestClient(build())

            def http(key: str, fp: str) -> None:
                res = client.post(
                    "/api/v1/licenses/actions/validate-key",
                    json={"key": key, "nonce": "bench", "scope": {"fingerprint": fp}},
                )
                assert res.json()["code"] == "VALID"

            base = measure(baseline, pairs, args.calls)
            print(f"{kind:10} {args.licenses} licenses, {args.calls} sequential calls each")
            print(f"  baseline (indexed key lookup)  {base['per_s']:8.0f}/s  p95 {base['p95_ms']:6.2f} ms")
            for label, fn in (("service validate_key", service), ("HTTP validate-key", http)):
                r = measure(fn, pairs, args.calls)
                print(
                    f"  {label:30} {r['per_s']:8.0f}/s  p95 {r['p95_ms']:6.2f} ms  "
                    f"({r['median_ms'] / base['median_ms']:.1f}× baseline median)"
                )


if __name__ == "__main__":
    main()
