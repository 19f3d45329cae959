"""Start the app with `streamlit run` on 127.0.0.1 and drive it with Playwright in Debian's
Chromium. Playwright's own browser download does not work offline, so the system Chromium is
launched by path with the flags that work in this sandbox (no background networking)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium binary; skip where it is absent, but under CI (CI=true) fail instead."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but Chromium is missing: .ci/run must install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_app(timeout: float = 120.0) -> Iterator[str]:
    """The app served as `make app` serves it (`python -m audit.app.serve`, which audits the
    bundled story before the server answers), on a free port; the address comes from the
    project's .streamlit/config.toml (loopback). Yields its URL."""
    with serving(timeout) as (url, _port, _pid):
        yield url


@contextmanager
def serving(timeout: float = 120.0) -> Iterator[tuple[str, int, int]]:
    """`running_app`, also yielding the port (to check which addresses listen on it) and the
    server's process id (for benchmarks)."""
    port = _free_port()
    home = tempfile.mkdtemp(prefix="audit-app-home-")
    env = {**os.environ, "HOME": home}
    command = [sys.executable, "-m", "audit.app.serve", f"--server.port={port}"]
    log = open(Path(home) / "streamlit.log", "wb")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, timeout)
        yield url, port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on TCP `port` (from /proc/net/tcp{,6})."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                found.add(_address(address))
    return found


def _address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, words)


def outside_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (the one a default route uses, and
    the host name's), to check the app does not answer on them."""
    found = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for UDP connect
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    with suppress(OSError):
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    return sorted(a for a in found if not a.startswith("127.") and a != "0.0.0.0")


def screenshot_dir() -> Path:
    """Where the browser tests save screenshots: $AUDIT_SCREENSHOTS (`make screenshots` sets it
    to docs/screenshots), else a temporary folder, never the tracked files."""
    folder = os.environ.get("AUDIT_SCREENSHOTS")
    path = Path(folder) if folder else Path(tempfile.gettempdir()) / "audit-screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process `pid` has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
