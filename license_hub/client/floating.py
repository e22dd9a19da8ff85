"""A floating-license client for programs (standard library only): check out a seat,
keep it alive with heartbeats from a background thread, check it in on exit, borrow
one for offline use, or wait in the queue.

    client = FloatingClient("https://licenses.example.com", license_key=KEY)
    with client.seat(user="ana", host="cad-07", wait=True) as lease:
        run_the_program()          # heartbeats run meanwhile; checked in on exit

Against an organization's own concurrent pool, use an API token with the
seats:write scope and the license id instead, and name a person:
    FloatingClient(URL, token=TOKEN, license_id=12).seat(person_id=34, host="cad-07")
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

NO_SEAT = "All floating seats are in use"
# transport(method, url, headers, body) -> (status, parsed JSON)
Transport = Callable[[str, str, dict[str, str], bytes], tuple[int, dict[str, Any]]]


class FloatingError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class NoSeat(FloatingError):
    """The pool is full (and the client did not ask to wait)."""


@dataclass
class Lease:
    id: int
    expires_at: str
    borrowed: bool = False


@dataclass
class Waiting:
    queue_id: int
    position: int


def urllib_transport(timeout: float = 10.0) -> Transport:
    def send(method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        req = urllib.request.Request(url, data=body or None, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:  # noqa: S310 - the caller's own server
                return res.status, json.loads(res.read() or b"{}")
        except urllib.error.HTTPError as err:
            try:
                return err.code, json.loads(err.read() or b"{}")
            except ValueError:
                return err.code, {}

    return send


class FloatingClient:
    def __init__(
        self,
        base_url: str,
        *,
        license_key: str | None = None,
        token: str | None = None,
        license_id: int | None = None,
        transport: Transport | None = None,
    ):
        if (license_key is None) == (token is None):
            raise ValueError("Give a license key (publisher pool) or an API token and license id (own pool)")
        if token is not None and license_id is None:
            raise ValueError("An API token needs the license id of the pool")
        self.base = base_url.rstrip("/")
        self.auth = f"License {license_key}" if license_key else f"Bearer {token}"
        self.own = f"/api/v1/licenses/{license_id}" if token else None
        self.send = transport or urllib_transport()

    def _path(self, action: str, ref: int | None = None) -> tuple[str, dict[str, Any]]:
        if self.own is None:
            publisher = {
                "check-out": "check-out",
                "borrow": "borrow",
                "heartbeat": "heartbeat",
                "check-in": "check-in",
                "return": "return",
                "poll": "queue/poll",
                "leave": "queue/leave",
            }
            key = "queue_id" if action in ("poll", "leave") else "lease_id"
            return f"/api/v1/floating/{publisher[action]}", ({key: ref} if ref is not None else {})
        own = {
            "check-out": "leases",
            "borrow": "leases/borrow",
            "heartbeat": f"leases/{ref}/heartbeat",
            "check-in": f"leases/{ref}/check-in",
            "return": f"leases/{ref}/return",
            "poll": f"queue/{ref}/poll",
            "leave": f"queue/{ref}/leave",
        }
        return f"{self.own}/{own[action]}", {}

    def _call(self, action: str, ref: int | None = None, **body: Any) -> tuple[int, dict[str, Any]]:
        path, ids = self._path(action, ref)
        data = json.dumps({**ids, **body}).encode()
        headers = {"Authorization": self.auth, "Content-Type": "application/json"}
        status, answer = self.send("POST", self.base + path, headers, data)
        if status >= 400:
            err = answer.get("error")
            message = err.get("message", "") if isinstance(err, dict) else str(err or "")
            code = err.get("code", "") if isinstance(err, dict) else str(answer.get("code", ""))
            cls = NoSeat if status == 409 and (code == "NO_SEAT" or message == NO_SEAT) else FloatingError
            raise cls(status, code, message)
        return status, answer

    @staticmethod
    def _outcome(status: int, answer: dict[str, Any]) -> Lease | Waiting:
        if status == 202:
            return Waiting(answer["queue_id"], answer["position"])
        return Lease(answer["lease_id"], answer.get("expires_at") or "", bool(answer.get("borrowed")))

    def check_out(self, wait: bool = False, **who: Any) -> Lease | Waiting:
        """A lease, or (wait=True on a full pool) a place in the queue; NoSeat when full and not waiting."""
        return self._outcome(*self._call("check-out", wait=wait, **who))

    def heartbeat(self, lease: Lease) -> str:
        lease.expires_at = self._call("heartbeat", lease.id)[1]["expires_at"]
        return lease.expires_at

    def check_in(self, lease: Lease) -> None:
        self._call("check-in", lease.id)

    def borrow(self, hours: int = 168, **who: Any) -> Lease:
        got = self._outcome(*self._call("borrow", hours=hours, **who))
        assert isinstance(got, Lease)
        return got

    def return_lease(self, lease: Lease) -> None:
        self._call("return", lease.id)

    def poll(self, waiting: Waiting) -> Lease | Waiting:
        return self._outcome(*self._call("poll", waiting.queue_id))

    def leave(self, waiting: Waiting) -> None:
        self._call("leave", waiting.queue_id)

    def wait_for_seat(
        self, poll_every: float = 30.0, timeout: float | None = None, sleep: Callable[[float], None] = time.sleep, **who
    ) -> Lease:
        """Check out, waiting in the queue (polling well inside the server's one minute) until a seat is granted."""
        got = self.check_out(wait=True, **who)
        started = time.monotonic()
        while isinstance(got, Waiting):
            if timeout is not None and time.monotonic() - started > timeout:
                self.leave(got)
                raise NoSeat(409, "NO_SEAT", "Gave up waiting for a floating seat")
            sleep(poll_every)
            got = self.poll(got)
        return got

    @contextmanager
    def seat(self, wait: bool = False, heartbeat_every: float = 120.0, **who: Any) -> Iterator[Lease]:
        """Hold a seat for the block: heartbeats in a background thread, check-in on exit (even on error)."""
        lease = self.wait_for_seat(**who) if wait else self.check_out(**who)
        assert isinstance(lease, Lease)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(heartbeat_every):
                try:
                    self.heartbeat(lease)
                except FloatingError:
                    return

        thread = threading.Thread(target=beat, name="floating-heartbeat", daemon=True)
        thread.start()
        try:
            yield lease
        finally:
            stop.set()
            thread.join(timeout=5)
            self.check_in(lease)
