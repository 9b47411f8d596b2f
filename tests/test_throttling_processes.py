"""Per-IP sign-in throttling holds across two separate app processes sharing Redis."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from shared.crypto.keyring import ring_json
from tests import clock

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int, env: dict) -> subprocess.Popen:
    command = clock.command([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host",
                             "127.0.0.1", "--port", str(port)])
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(process.stderr.read().decode())


def _attempt(base: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login", timeout=5).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": "nobody@example.test",
                                   "password": "not the right password"}).encode()
    try:
        return opener.open(f"{base}/login", data=body, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")
def test_throttling_counts_attempts_across_two_processes(app, database_url, tmp_path):
    # The servers write to the suite's audit chain, so they MAC under the suite's audit key.
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": database_url,
           "KEY_RING": ring_json(app.config["KEY_RING"]),
           "INSTANCE_PATH": str(tmp_path), "REDIS_URL": REDIS_URL,
           "LOGIN_IP_LIMIT": "4 per 5 minutes",
           "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}"}
    ports = [_free_port(), _free_port()]
    servers = [_start_server(port, env) for port in ports]
    try:
        codes = [_attempt(f"http://127.0.0.1:{ports[i % 2]}") for i in range(5)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    assert codes == [401, 401, 401, 401, 429]
