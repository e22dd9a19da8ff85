#!/usr/bin/env python3
"""License Hub endpoint agent: reports this machine's installed software.

One file, Python 3.9+ standard library only. It collects from osquery when
`osqueryi` is installed (tables programs, apps, deb_packages, rpm_packages),
otherwise from the platform itself:
  - Linux: the dpkg status database (/var/lib/dpkg/status) and/or `rpm -qa`;
  - macOS: every /Applications/*.app Info.plist (last opened from Spotlight's
    kMDItemLastUsedDate when `mdls` answers);
  - Windows: the Uninstall registry keys (64-bit, 32-bit and per-user) via winreg.
and sends one snapshot report to POST <url>/api/v1/agent/reports with an API
token that has the agent:report scope. A failed send is retried with exponential
backoff (2 s, 4 s, 8 s, ... with jitter) under the same report id, so a retry
that did reach the server changes nothing twice. A report that would pass the
server's 2 MB cap is sent as several partial reports instead.

Usage:
  license_hub_agent.py --url https://licenses.example.com --token-file /etc/license-hub/agent.token \\
      [--user alice@example.com] [--source auto|osquery|platform] [--dry-run]
The token may also come from the LICENSE_HUB_AGENT_TOKEN environment variable.

Run it daily from cron (Linux, macOS):
  17 9 * * * /usr/bin/python3 /opt/license-hub/license_hub_agent.py --url https://licenses.example.com \\
      --token-file /etc/license-hub/agent.token --user alice@example.com
or from a Windows scheduled task:
  schtasks /Create /SC DAILY /ST 09:17 /TN "License Hub agent" /RU SYSTEM ^
      /TR "py C:\\ProgramData\\LicenseHub\\license_hub_agent.py --url https://licenses.example.com --token-file C:\\ProgramData\\LicenseHub\\agent.token"
Exit status: 0 sent, 1 refused by the server (bad token, bad report), 2 unreachable after every retry.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

MAX_BODY = 2 * 1024 * 1024 - 64 * 1024  # keep well under the server's 2 MB cap
USER_AGENT = "license-hub-agent/1"
OSQUERY = {
    "programs": "SELECT name, version, publisher AS vendor, install_location AS path, install_date FROM programs",
    "apps": "SELECT name, bundle_short_version AS version, bundle_identifier AS bundle_id, path, "
    "last_opened_time FROM apps",
    "deb_packages": "SELECT name, version, maintainer AS vendor FROM deb_packages WHERE status LIKE '%installed'",
    "rpm_packages": "SELECT name, version || '-' || release AS version, vendor, install_time FROM rpm_packages",
}
OSQUERY_TABLES = {"win32": ["programs"], "darwin": ["apps"], "linux": ["deb_packages", "rpm_packages"]}


class Refused(Exception):
    """The server said no (4xx other than 408/429): retrying cannot help."""


# ----------------------------------------------------------------- collecting


def item(
    name,
    version="",
    vendor="",
    source="",
    bundle_id="",
    path="",
    install_date=None,
    last_opened=None,
    state="unsupported",
):
    return {
        "name": str(name).strip()[:300],
        "version": str(version or "").strip()[:100],
        "vendor": str(vendor or "").strip()[:200],
        "source": source,
        "bundle_id": str(bundle_id or "")[:300],
        "install_path": str(path or "")[:500],
        "install_date": install_date,
        "last_opened_at": last_opened,
        "last_opened_state": state,
    }


def _iso_from_epoch(value):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat() if seconds > 0 else None


def _day_from_epoch(value):
    stamp = _iso_from_epoch(value)
    return stamp[:10] if stamp else None


def _day_from_yyyymmdd(value):
    text = str(value or "").strip()
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat() if len(text) >= 8 else None
    except ValueError:
        return None


def from_osquery(binary):
    found = []
    for table in OSQUERY_TABLES.get(sys.platform if sys.platform != "linux2" else "linux", []):
        try:
            out = subprocess.run([binary, "--json", OSQUERY[table]], capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode != 0:
            continue
        for row in json.loads(out.stdout or "[]"):
            if table == "apps":
                opened = _iso_from_epoch(row.get("last_opened_time"))
                state = "known" if opened else "never" if str(row.get("last_opened_time")) == "-1" else "unsupported"
                found.append(
                    item(
                        row.get("name", "").removesuffix(".app"),
                        row.get("version"),
                        "",
                        table,
                        row.get("bundle_id"),
                        row.get("path"),
                        None,
                        opened,
                        state,
                    )
                )
            else:
                day = (
                    _day_from_epoch(row.get("install_time"))
                    if table == "rpm_packages"
                    else _day_from_yyyymmdd(row.get("install_date"))
                )
                found.append(
                    item(
                        row.get("name"),
                        row.get("version"),
                        row.get("vendor"),
                        table,
                        path=row.get("path"),
                        install_date=day,
                    )
                )
    return [f for f in found if f["name"]]


def dpkg_packages(status_file=Path("/var/lib/dpkg/status"), info_dir=Path("/var/lib/dpkg/info")):
    """Installed packages from the dpkg database; the install date is when its file list was written."""
    if not status_file.exists():
        return []
    found = []
    for block in status_file.read_text(encoding="utf-8", errors="replace").split("\n\n"):
        fields = {}
        for line in block.splitlines():
            if line and not line[0].isspace() and ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if not fields.get("Package") or not fields.get("Status", "").endswith(" installed"):
            continue
        name, arch = fields["Package"], fields.get("Architecture", "")
        listing = info_dir / f"{name}.list"
        if not listing.exists():
            listing = info_dir / f"{name}:{arch}.list"
        day = _day_from_epoch(listing.stat().st_mtime) if listing.exists() else None
        found.append(
            item(name, fields.get("Version", ""), fields.get("Maintainer", ""), "deb_packages", install_date=day)
        )
    return found


def rpm_packages():
    if not shutil.which("rpm"):
        return []
    fmt = "%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\t%{INSTALLTIME}\n"
    try:
        out = subprocess.run(["rpm", "-qa", "--queryformat", fmt], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0]:
            vendor = "" if parts[2] == "(none)" else parts[2]
            found.append(item(parts[0], parts[1], vendor, "rpm_packages", install_date=_day_from_epoch(parts[3])))
    return found


def mac_applications(root=Path("/Applications")):
    import plistlib

    found = []
    for app in sorted(root.glob("*.app")):
        try:
            with open(app / "Contents" / "Info.plist", "rb") as handle:
                info = plistlib.load(handle)
        except (OSError, ValueError, plistlib.InvalidFileException):
            continue
        opened, state = None, "unsupported"
        try:
            out = subprocess.run(
                ["mdls", "-raw", "-name", "kMDItemLastUsedDate", str(app)], capture_output=True, text=True, timeout=20
            )
            if out.returncode == 0 and out.stdout.strip() and out.stdout.strip() != "(null)":
                opened = datetime.strptime(out.stdout.strip(), "%Y-%m-%d %H:%M:%S %z").isoformat()
                state = "known"
            elif out.returncode == 0:
                state = "never"
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
        name = info.get("CFBundleDisplayName") or info.get("CFBundleName") or app.stem
        found.append(
            item(
                name,
                info.get("CFBundleShortVersionString", ""),
                "",
                "apps",
                info.get("CFBundleIdentifier", ""),
                str(app),
                None,
                opened,
                state,
            )
        )
    return found


def windows_programs():
    import winreg  # noqa: PLC0415 - Windows only

    roots = [
        (winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"),
        (winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"),
        (winreg.HKEY_CURRENT_USER, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"),
    ]
    found, seen = [], set()
    for hive, path in roots:
        try:
            key = winreg.OpenKey(hive, path)
        except OSError:
            continue
        for index in range(winreg.QueryInfoKey(key)[0]):
            try:
                sub = winreg.OpenKey(key, winreg.EnumKey(key, index))
            except OSError:
                continue

            def value(name, sub=sub):
                try:
                    return winreg.QueryValueEx(sub, name)[0]
                except OSError:
                    return ""

            name = value("DisplayName")
            if not name or value("SystemComponent") == 1 or (name, value("DisplayVersion")) in seen:
                continue
            seen.add((name, value("DisplayVersion")))
            found.append(
                item(
                    name,
                    value("DisplayVersion"),
                    value("Publisher"),
                    "programs",
                    path=value("InstallLocation"),
                    install_date=_day_from_yyyymmdd(value("InstallDate")),
                )
            )
    return found


def from_platform():
    if sys.platform.startswith("linux"):
        return dpkg_packages() + rpm_packages()
    if sys.platform == "darwin":
        return mac_applications()
    if sys.platform == "win32":
        return windows_programs()
    return []


def collect(source="auto"):
    binary = shutil.which("osqueryi")
    if source == "osquery" or (source == "auto" and binary):
        found = from_osquery(binary or "osqueryi")
        if found or source == "osquery":
            return found
    return from_platform()


# ---------------------------------------------------------------- the host


def _read(path):
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _run(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def hardware_id():
    if sys.platform.startswith("linux"):
        machine = _read("/etc/machine-id") or _read("/var/lib/dbus/machine-id")
        if machine:
            return machine
    if sys.platform == "darwin":
        for line in _run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"]).splitlines():
            if "IOPlatformUUID" in line:
                return line.split("=")[-1].strip().strip('"')
    if sys.platform == "win32":
        import winreg  # noqa: PLC0415

        try:
            key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography")
            return winreg.QueryValueEx(key, "MachineGuid")[0]
        except OSError:
            pass
    return f"node-{uuid.getnode():012x}"


def os_version():
    if sys.platform.startswith("linux"):
        for line in _read("/etc/os-release").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    if sys.platform == "darwin":
        return f"macOS {platform.mac_ver()[0]}"
    return platform.platform()


def host_info():
    serial = _read("/sys/class/dmi/id/product_serial") if sys.platform.startswith("linux") else ""
    name = {"win32": "windows", "darwin": "darwin"}.get(sys.platform, "linux")
    return {
        "hardware_id": hardware_id()[:128],
        "serial": serial[:100],
        "hostname": socket.gethostname()[:200],
        "platform": name,
        "os_version": os_version()[:100],
    }


# ----------------------------------------------------------------- sending


def reports(host, user, software, report_id):
    """One snapshot report, or partial ones when the snapshot would pass the size cap."""
    whole = {"report_id": report_id, "snapshot": True, "host": host, "primary_user": user, "software": software}
    if len(json.dumps(whole).encode()) <= MAX_BODY:
        return [whole]
    parts, size = [[]], 0
    for entry in software:
        entry_size = len(json.dumps(entry).encode()) + 2
        if size + entry_size > MAX_BODY - 4096 and parts[-1]:
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += entry_size
    return [
        {**whole, "report_id": f"{report_id}-{i + 1}", "snapshot": False, "software": part}
        for i, part in enumerate(parts)
    ]


def send(url, token, body, retries=5, backoff=2.0, sleep=time.sleep):
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/api/v1/agent/reports",
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read().decode())
        except urllib.error.HTTPError as exc:
            if exc.code not in (408, 429) and exc.code < 500:
                raise Refused(f"{exc.code}: {exc.read().decode(errors='replace')[:500]}") from None
            error = exc
        except (urllib.error.URLError, OSError) as exc:
            error = exc
        if attempt == retries:
            raise ConnectionError(f"gave up after {retries + 1} attempts: {error}")
        sleep(backoff * (2**attempt) * (1 + random.random() / 4))
    raise AssertionError("unreachable")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Report this machine's software to License Hub.")
    parser.add_argument("--url", help="License Hub's address, e.g. https://licenses.example.com")
    parser.add_argument("--token", help="API token with the agent:report scope (prefer --token-file)")
    parser.add_argument("--token-file", help="A file holding the API token")
    parser.add_argument(
        "--user",
        default=os.environ.get("LICENSE_HUB_AGENT_USER", ""),
        help="The primary user's email (default: the signed-in account name)",
    )
    parser.add_argument("--source", choices=("auto", "osquery", "platform"), default="auto")
    parser.add_argument("--retries", type=int, default=5)
    parser.add_argument("--backoff", type=float, default=2.0, help="First retry delay in seconds (doubles)")
    parser.add_argument("--dry-run", action="store_true", help="Print the report instead of sending it")
    args = parser.parse_args(argv)
    host, software = host_info(), collect(args.source)
    user = args.user or getpass.getuser()
    bodies = reports(host, user, software, f"{host['hardware_id'][:40]}-{uuid.uuid4().hex}")
    if args.dry_run:
        print(json.dumps(bodies, indent=2))
        return 0
    token = args.token or os.environ.get("LICENSE_HUB_AGENT_TOKEN", "")
    if args.token_file:
        token = Path(args.token_file).read_text(encoding="utf-8").strip()
    if not args.url or not token:
        parser.error("give --url and a token (--token-file, --token or LICENSE_HUB_AGENT_TOKEN)")
    try:
        for body in bodies:
            result = send(args.url, token, body, args.retries, args.backoff)
            print(
                f"{body['report_id']}: {result.get('received')} received, {result.get('added')} new, "
                f"{result.get('uninstalled')} uninstalled{' (already taken)' if result.get('duplicate') else ''}"
            )
    except Refused as exc:
        print(f"License Hub refused the report: {exc}", file=sys.stderr)
        return 1
    except ConnectionError as exc:
        print(f"License Hub could not be reached: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
