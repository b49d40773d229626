"""Overview speed: server time p95 at 50 concurrent clients against the demo data (target under 100 ms).

Builds a demo database in a temporary folder, serves it with `dxmonitor serve` (gunicorn), logs in as the
leader, and drives `/` with wrk (Debian package, installed by `make install` if missing) on 127.0.0.1 only,
for a bounded 20 seconds (a wrk Lua hook prints the exact p95). Also reports one uncached request, and the
warm overview's time measured in-process without the server, as the baselines of the same run.
Size: DXM_BENCH_RECORDS dossier records in the demo (default 300000).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn master and its workers (Linux /proc), to express cost per request."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [master] + [int(p) for p in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                                                        text=True).stdout.split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def login(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]  # type: ignore[index]
    data = urllib.parse.urlencode({"username": "lanhdao", "password": "dxmonitor-demo",
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/"}))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    var = Path(tempfile.mkdtemp(prefix="dxm-bench-dash-"))
    env = {**os.environ, "DXM_VAR_DIR": str(var),
           "DXM_DEMO_RECORDS": os.environ.get("DXM_BENCH_RECORDS", "300000")}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "dxmonitor.cli", "demo"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    workers = os.environ.get("DXM_BENCH_WORKERS", str(os.cpu_count() or 2))  # as `dxmonitor serve` does
    server = subprocess.Popen([sys.executable, "-m", "dxmonitor.cli", "serve", "--port", str(port), "--workers", workers,
                               "--no-migrate"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookie = login(base)
        req = urllib.request.Request(f"{base}/", headers={"Cookie": cookie})
        t0 = time.perf_counter()
        urllib.request.urlopen(req).read()
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(20):
            t0 = time.perf_counter()
            urllib.request.urlopen(req).read()
            warm.append(time.perf_counter() - t0)
        script = var / "p95.lua"
        script.write_text(WRK_SCRIPT)
        cpu_before = server_cpu_seconds(server.pid)
        out = subprocess.run(["wrk", "-t2", "-c50", "-d20s", "--latency", "-s", str(script), "-H", f"Cookie: {cookie}",
                              f"{base}/"], capture_output=True, text=True, check=True).stdout
        cpu = server_cpu_seconds(server.pid) - cpu_before
        done = re.search(r"(\d+) requests in", out)
        p95_match = re.search(r"P95_US (\d+)", out)
        errors = re.search(r"ERRORS (\d+)", out)
        lat = dict(re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)", out, re.M))
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)

        def ms(v: str) -> float:
            n = float(re.match(r"[\d.]+", v)[0])  # type: ignore[index]
            return n * 1000 if v.endswith("s") and not v.endswith("ms") and not v.endswith("us") else \
                n / 1000 if v.endswith("us") else n

        p50, p99 = ms(lat.get("50", "0ms")), ms(lat.get("99", "0ms"))
        print(f"overview, first (uncached) request: {cold * 1000:.0f} ms")
        print(f"overview at 50 concurrent clients: p50 {p50:.1f} ms, p90 {ms(lat.get('90', '0ms')):.1f} ms, "
              f"p99 {p99:.1f} ms, {float(rps[1]) if rps else 0:.0f} requests/s")
        p95 = int(p95_match[1]) / 1000 if p95_match else float("nan")
        if done and int(done[1]):
            print(f"server CPU per overview request under load: {cpu / int(done[1]) * 1000:.2f} ms "
                  f"(gunicorn master and workers, {int(done[1])} requests)")
        print(f"overview, one client, warm: median {sorted(warm)[len(warm) // 2] * 1000:.1f} ms")
        print(f"overview p95 at 50 concurrent clients: {p95:.1f} ms (target 100 ms; ratio {p95 / 100:.2f}); "
              f"errors {errors[1] if errors else '?'}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
