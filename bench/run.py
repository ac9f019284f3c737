"""`make bench`: 100,000 demo groups in a separate database, served by gunicorn, measured by wrk.

For each page: requests/s and p50/p95 latency under 8 concurrent connections, side by side with
a trivial Django view on the same server in the same run (the ratio is the figure that matters),
as rendered (the page cache off) and cached (the database cache; and Redis too when REDIS_URL is
set); the median of 20 sequential requests (one at a time: the server's own time) and the first
request after the start (nothing in memory); the page's SQL query count; the extra memory per
worker once the in-memory index of groups is built; and EXPLAIN output for the text search.

Needs wrk (Debian: apt-get install wrk). Writes bench/out/latest.md as well as printing it.
While working on one page, BENCH_MODES (e.g. `rendered`) and BENCH_PAGES (e.g. `list,group page`)
measure only those; the trivial view is always measured, for the ratios.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GROUPS = int(os.environ.get("BENCH_GROUPS", "100000"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
ONLY_MODES = [m.strip() for m in os.environ.get("BENCH_MODES", "").split(",") if m.strip()]
ONLY_PAGES = [p.strip() for p in os.environ.get("BENCH_PAGES", "").split(",") if p.strip()]
PYTHON = sys.executable


def bench_database_url():
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if os.environ.get("DATABASE_URL"):
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        return f"{base}/selfhelp_bench"
    from selfhelp import devdb

    return devdb.database_url("selfhelp_bench")


def environment(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "BENCHMARK": "1",
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": "0",  # query counts and EXPLAIN of the pages as rendered
            "DJANGO_SETTINGS_MODULE": "selfhelp.settings",
            # The database cache while preparing (its table is made then); each mode of the
            # run sets its own cache (main()).
            "REDIS_URL": "",
        }
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(database_url):
    import psycopg

    name = database_url.split("?")[0].rsplit("/", 1)[1]
    admin_url = database_url.replace(f"/{name}", "/postgres", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def group_count(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM groups_group").fetchone()[0]


def prepare(env, database_url):
    ensure_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_reference_data")
    existing = group_count(database_url)
    if existing < GROUPS:
        if existing:
            manage(env, "load_demo_data", "--remove")
        started = time.monotonic()
        manage(env, "load_demo_data", "--count", str(GROUPS))
        print(f"generated {GROUPS:,} groups in {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v0")
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def start_server(env):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--access-logfile",
            "/dev/null",
            "selfhelp.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit("gunicorn did not start")
    settled(server)
    return server


def settled(server, quiet_ticks=5, longest=60):
    """Wait until the workers are idle: each builds the index of groups when it starts (about
    a second at 100,000 groups), which would otherwise be measured with the first page."""
    ticks = 0
    for _ in range(int(longest / 0.5)):
        time.sleep(0.5)
        now = sum(cpu_ticks(pid) for pid in workers(server))
        if ticks and now - ticks <= quiet_ticks:
            return
        ticks = now


def workers(server):
    return Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()


def cpu_ticks(pid):
    """The CPU time a process has used (user and system), in clock ticks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])


def pages(env):
    """The URLs measured, chosen from the bench database (run inside Django)."""
    code = "from bench.pages import urls; import json; print(json.dumps(urls()))"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed(url):
    started = time.perf_counter()
    urllib.request.urlopen(url, timeout=30).read()
    return time.perf_counter() - started


def sequential(url, count=20):
    """The first request's time, then the median of `count` more, one at a time, in ms."""
    first = timed(url)
    times = sorted(timed(url) for _ in range(count))
    return first * 1000, times[count // 2] * 1000


def worker_memory(server):
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for pid in workers(server):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def wrk(url):
    for _warm in range(3):
        urllib.request.urlopen(url, timeout=30).read()
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "latency.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stats = json.loads(out.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


def main():
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    database_url = bench_database_url()
    env = environment(database_url)
    prepare(env, database_url)
    measured = pages(env)
    if ONLY_PAGES:
        measured["pages"] = [
            page for page in measured["pages"] if page[0] in ("trivial view", *ONLY_PAGES)
        ]
    results, extra = {}, {}
    # Every page as rendered (the page cache off), then as anonymous visitors get it, from the
    # database cache and, when REDIS_URL is set, from Redis.
    modes = [("rendered", "0", ""), ("cached", "300", "")]
    if os.environ.get("REDIS_URL"):
        modes.append(("redis", "300", os.environ["REDIS_URL"]))
    if ONLY_MODES:
        modes = [mode for mode in modes if mode[0] in ONLY_MODES]
    # The sequential figures and the memory come from the first mode: rendered, unless
    # BENCH_MODES leaves it out.
    first_mode = modes[0][0]
    for mode, seconds, redis_url in modes:
        server = start_server({**env, "PAGE_CACHE_SECONDS": seconds, "REDIS_URL": redis_url})
        try:
            if mode == first_mode:
                before = worker_memory(server)
                for name, path, _queries in measured["pages"]:
                    extra[name] = sequential(f"http://127.0.0.1:{PORT}{path}")
            for name, path, _queries in measured["pages"]:
                stats = wrk(f"http://127.0.0.1:{PORT}{path}")
                results[(mode, name)] = stats
                p95 = stats["p95_us"] / 1000
                print(f"{mode:<9}{name:<16} {stats['rps']:8.1f} req/s  p95 {p95:7.1f} ms")
            if mode == first_mode:
                after = worker_memory(server)
                extra["memory"] = (max(before), max(after))
        finally:
            server.terminate()
            server.wait(timeout=30)
    measured["modes"] = [mode for mode, _s, _r in modes]
    report = render(results, measured, extra)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(report)
    print()
    print(report)


def render(results, measured, extra):
    modes = measured["modes"]
    index = measured["index"]
    before, after = extra["memory"]
    lines = [
        f"{measured['groups']:,} listed groups (published, confirmed within 18 months) of "
        f"{measured['total']:,}; "
        f"{CONNECTIONS} connections, {DURATION} per page and mode, gunicorn 4 workers × 2 threads, "
        "wrk on the same 2-core machine.",
        "",
        f"In-memory index: {index['positions']:,} groups, {index['bitmaps']} bitmaps, built in "
        f"{index['build_seconds']:.2f} s (median of 3), +{index['extra_mb']:.0f} MB of memory in a "
        f"process that holds it; a gunicorn worker (index built at its start) {before:.0f} MB, "
        f"{after:.0f} MB after every page was served. "
        f"Places: {index['placed']:,} of {index['postcodes']:,} postcodes have coordinates.",
        "",
        "| page | queries | first ms | median ms (20 in a row) | "
        + " | ".join(f"{mode} req/s | p50 ms | p95 ms | vs trivial" for mode in modes)
        + " | errors |",
        "| --- | ---: | ---: | ---: | "
        + " | ".join("---: | ---: | ---: | ---:" for _ in modes)
        + " | ---: |",
    ]
    for name, path, queries in measured["pages"]:
        first, median = extra[name]
        cells = [f"{name} (`{path}`)", "–" if queries is None else str(queries)]
        cells += [f"{first:.1f}", f"{median:.1f}"]
        errors = 0
        for mode in modes:
            stats, trivial = results[(mode, name)], results[(mode, "trivial view")]
            cells += [
                f"{stats['rps']:.1f}",
                f"{stats['p50_us'] / 1000:.1f}",
                f"{stats['p95_us'] / 1000:.1f}",
                f"{stats['rps'] / trivial['rps']:.2f}",
            ]
            errors += stats["errors"] + stats["non2xx"]
        lines.append("| " + " | ".join([*cells, str(errors)]) + " |")
    lines += ["", "Search plan (`EXPLAIN ANALYZE`):", "", "```", measured["explain"], "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
