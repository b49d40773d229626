"""SIGKILL the server during ingest, restart it: every acknowledged record is stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.browser.conftest import ROOT, _free_port

pytestmark = pytest.mark.browser


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "dxmonitor.cli", "serve", "--port", str(port), "--workers", "2",
                             "--no-migrate"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _record(i: int) -> dict:
    return {"record_id": f"k{i}", "dossier_id": f"kd{i}", "unit_code": "01", "procedure_code": "P1",
            "channel": "online", "received_at": "2026-05-04T09:00:00+07:00", "due_at": "2026-05-10T09:00:00+07:00",
            "status": "received", "status_at": "2026-05-04T09:00:00+07:00"}


def test_acknowledged_records_survive_sigkill() -> None:
    var = Path(tempfile.mkdtemp(prefix="dxm-crash-"))
    env = {**os.environ, "DXM_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "dxmonitor.settings"}
    env.pop("DATABASE_URL", None)
    setup = ("from dxmonitor.cli import setup_django; setup_django();"
             "from django.core.management import call_command; call_command('migrate', '-v', '0');"
             "from dxmonitor.orgs.services import units_load_reference, token_create;"
             "from dxmonitor.orgs.selectors import resolve_unit; units_load_reference(actor=None);"
             "print(token_create(actor=None, name='crash', unit=resolve_unit('P01@2008-08-01'))[1])")
    token = subprocess.run([sys.executable, "-c", setup], env=env, cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=300).stdout.strip().splitlines()[-1]
    port = _free_port()
    server = _serve(env, port)
    acked: list[int] = []
    stop = threading.Event()

    def push() -> None:
        batch = 0
        while not stop.is_set() and batch < 400:
            body = json.dumps({"batch_id": f"crash-{batch}", "records": [_record(batch * 50 + j) for j in range(50)]})
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/services/records", data=body.encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=5) as resp:
                    if resp.status == 200:
                        acked.append(batch)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            batch += 1

    pusher = threading.Thread(target=push)
    pusher.start()
    deadline = time.monotonic() + 30
    while len(acked) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)
    stop.set()
    pusher.join()
    server.wait()
    assert acked, "no batch was acknowledged before the kill"
    server = _serve(env, port)
    try:
        # Clients retry what was not acknowledged; retries of stored batches are no-ops.
        retried = max(acked) + 2
        for batch in range(retried):
            body = json.dumps({"batch_id": f"crash-{batch}", "records": [_record(batch * 50 + j) for j in range(50)]})
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/services/records", data=body.encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                assert resp.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    files = [str(p) for p in (var / "events").glob("month=*/*.parquet")]
    rows = duckdb.sql(f"SELECT record_id, count(*) AS n FROM read_parquet({files!r}) GROUP BY 1").fetchall()
    counts = dict(rows)
    for batch in acked:
        for j in range(50):
            assert counts.get(f"k{batch * 50 + j}") == 1
    assert all(n == 1 for n in counts.values())
    assert len(counts) == retried * 50
