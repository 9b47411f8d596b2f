"""A small, bounded HTTP load generator for 127.0.0.1, and gunicorn servers to aim it at."""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests import clock

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    """A TCP port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving APP_PATH on 127.0.0.1 with WORKERS sync workers, until stopped."""

    def __init__(self, app_path: str, env: dict, workers: int = 2, preload: bool = False):
        self.port = free_port()
        options = ["--preload"] if preload else []
        self.process = subprocess.Popen(
            clock.command([str(GUNICORN), "--workers", str(workers), "--bind",
                           f"127.0.0.1:{self.port}", "--log-level", "warning", *options,
                           app_path]),
            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        """Stop the server and its workers."""
        self.process.terminate()
        self.process.wait(timeout=20)


class Session:
    """One keep-alive connection with a cookie jar, like one phone."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | list | None = None):
        """Send a request; returns (status, headers, body text)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text


def worker_peak_mb(server: Server, field: str = "VmHWM") -> list[float]:
    """Peak (VmHWM), or with FIELD="VmRSS" current, memory in MB of each gunicorn worker."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def csrf_token(page: str) -> str:
    """The CSRF token in a rendered form."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@dataclass
class LoadResult:
    """Requests completed, errors, and latencies (seconds) over a fixed duration."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        """Successful requests per second."""
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        """Latency percentile in milliseconds."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def median_ms(self) -> float:
        """Median latency in milliseconds."""
        return 1000 * statistics.median(self.latencies)


def run_load(sessions: list, one_request, seconds: float) -> LoadResult:
    """Each session sends ONE_REQUEST(session) back to back for SECONDS; bounded by time."""
    result, lock = LoadResult(seconds), threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(session) -> None:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            ok = one_request(session)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def run_paired(first: tuple, second: tuple, seconds: float, rounds: int = 5) -> tuple:
    """Alternate (sessions, one_request) loads in ROUNDS slices, so both meet the same noise."""
    results = (LoadResult(0.0), LoadResult(0.0))
    for _ in range(rounds):
        for (sessions, call), total in zip((first, second), results, strict=True):
            part = run_load(sessions, call, seconds / rounds)
            total.seconds += part.seconds
            total.latencies += part.latencies
            total.errors += part.errors
    return results
