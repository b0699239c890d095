"""How fast the busiest pages are, against a Flask view in the same process returning the same bytes.

For the plan page, a child's page, a review page, the plan's history and the reviews list (demo data, signed
in as the demo's designated teacher), in one run:

- the median CPU time of one request, in process (Flask's test client), after a few warm-up requests;
- the same for a plain Flask view, registered on the same app, that returns the page's bytes;
- the ratio of the two (same-bytes view / page: 1.0 would be as fast as sending the bytes), and the
  number of SQL queries the page runs.

It prints one line per page and exits 1 when a page misses its bar (--bar, default 0.1) or its
query budget. With --soak N it instead requests the plan page N times and prints this process's
resident memory before and after (exit 1 above 150 MB). With --http it starts the app under
gunicorn (2 workers, production settings) and bench/same_bytes_app.py under another gunicorn side by
side, loads the plan page and its bytes on each with wrk (16 connections, --seconds each; installed
with apt-get when missing and possible) and prints the throughput of both, their ratio and the plan
page's p50 and p99 (exit 1 when the ratio is under 0.2 or p99 over 100 ms). With --contention SAVES,
8 people read the plan page over and over, alone and then while 8 others each save their own section
SAVES times; it prints the readers' views a second, p50 and p99 both ways and the saves made (exit 1 if
any failed). The demo data lives in a temporary SQLite database, deleted afterwards. Run from the repository root:

    python bench/page_bench.py [--runs 200] [--bar 0.1]
    python bench/page_bench.py --soak 10000
    python bench/page_bench.py --http [--seconds 10]
    python bench/page_bench.py --contention 10
"""
import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlsplit

from flask import Response
from flask_migrate import upgrade
from sqlalchemy import event, select

from school_plans import create_app, demo
from school_plans.extensions import db
from school_plans.models import CLA_REVIEW, Child, Plan, Review, Section

WARM_UP = 5
SOAK_LIMIT_MB = 150
HTTP_RATIO, HTTP_P99_MS, CONNECTIONS = 0.2, 100, 16
ROOT = Path(__file__).resolve().parent.parent
# The most queries each page may run, whatever the plan holds (issue "Speed": plan 8, review 10).
QUERY_BUDGET = {"plan page": 8, "review page": 10}


def median_cpu_ms(work, runs: int) -> float:
    """Median CPU time of `work()` in this process, in milliseconds (noise from other processes left out)."""
    for _ in range(WARM_UP):
        work()
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


@contextmanager
def counted(engine):
    """Counts the SQL statements run inside the block: `with counted(engine) as n: ...; n[0]`."""
    count = [0]

    def counter(*_args):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def demo_urls() -> dict:
    """The pages measured, as paths into the demo."""
    leo = db.session.scalar(select(Child).where(Child.preferred_name == "Leo"))
    plan_id = db.session.scalar(select(Plan.id).where(Plan.child_id == leo.id, Plan.archived_at.is_(None)))
    review_id = db.session.scalar(select(Review.id).where(Review.kind == CLA_REVIEW))
    return {"plan page": f"/plans/{plan_id}", "child page": f"/children/{leo.id}",
            "review page": f"/reviews/{review_id}", "history page": f"/plans/{plan_id}/history",
            "reviews list": "/reviews"}


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def signed_in(app):
    """A test client signed in as the demo's designated teacher; its CSRF token in `client.csrf_token`."""
    client = app.test_client()
    client.csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
    client.post("/sign-in", data={"email": demo.email("dt"), "password": demo.DEMO_PASSWORD,
                                  "csrf_token": client.csrf_token}, headers={"Sec-Fetch-Site": "same-origin"})
    page = client.get("/", follow_redirects=True).text   # the session's token after sign-in
    client.csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client


@contextmanager
def demo_app():
    """The app on a throwaway demo database, a test client signed in as the designated teacher, the urls."""
    with TemporaryDirectory() as folder:
        app = create_app({"ENV_NAME": "development", "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}"})
        same_bytes = {}
        app.add_url_rule("/bench/same-bytes/<int:index>", "bench_same_bytes",
                         lambda index: Response(same_bytes[index], mimetype="text/html"))
        app.extensions["bench_same_bytes"] = same_bytes
        with app.app_context():
            upgrade()
            demo.load()
            db.session.commit()
            urls = demo_urls()
        client = signed_in(app)
        try:
            yield app, client, urls
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def soak(requests: int) -> tuple[float, float]:
    """RSS before and after `requests` requests of the plan page (after a few to warm up)."""
    with demo_app() as (_app, client, urls):
        for _ in range(WARM_UP):
            client.get(urls["plan page"])
        before = rss_mb()
        for _ in range(requests):
            assert client.get(urls["plan page"]).status_code == 200
        return before, rss_mb()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def contention(saves_each: int) -> bool:
    """CONNECTIONS // 2 people reading the plan page over and over, first alone, then while as many others
    each save their own text section `saves_each` times (threads in this process, on the file SQLite
    database). Prints the readers' latency both ways and the saves made; True when no save failed."""
    people = CONNECTIONS // 2
    with demo_app() as (app, _client, urls):
        url = urls["plan page"]
        plan_id = int(url.rsplit("/", 1)[1])
        with app.app_context():
            texts = db.session.execute(select(Section.id, Section.version).where(
                Section.plan_id == plan_id, Section.kind == "text").order_by(Section.position)).all()[:people]
        readers, savers = [signed_in(app) for _ in range(people)], [signed_in(app) for _ in texts]
        busy, failed, lock = [0], [], threading.Lock()

        def read(client, until_quiet: bool, count: int, times: list):
            while (busy[0] if until_quiet else count > len(times)) or not times:
                start = time.perf_counter()
                status = client.get(url).status_code
                times.append(time.perf_counter() - start)
                if status != 200:
                    failed.append(f"page {status}")

        def save(client, section_id, version):
            try:
                for n in range(saves_each):
                    status = client.post(f"{url}/sections/{section_id}", headers={"Sec-Fetch-Site": "same-origin"},
                                         data={"version": str(version + n), "text": f"Saved {n}",
                                               "csrf_token": client.csrf_token}).status_code
                    if status != 302:
                        failed.append(f"save {status}")
            finally:
                with lock:
                    busy[0] -= 1

        def run(jobs):
            threads = [threading.Thread(target=job, args=args) for job, args in jobs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        alone, started = [[] for _ in readers], time.perf_counter()
        run([(read, (c, False, 25, times)) for c, times in zip(readers, alone)])
        alone_seconds = time.perf_counter() - started
        busy[0], beside, started = len(savers), [[] for _ in readers], time.perf_counter()
        run([(save, (c, *text)) for c, text in zip(savers, texts)]
            + [(read, (c, True, 0, times)) for c, times in zip(readers, beside)])
        beside_seconds = time.perf_counter() - started
        with app.app_context():
            app.extensions["read_audit"].wait(timeout=60)
    alone, beside = [t * 1000 for ts in alone for t in ts], [t * 1000 for ts in beside for t in ts]
    print(f"{people} reading the plan page alone: {len(alone) / alone_seconds:.0f} views/s, p50 "
          f"{percentile(alone, 0.5):.0f} ms, p99 {percentile(alone, 0.99):.0f} ms; while {len(savers)} others save "
          f"{saves_each} times each: {len(beside) / beside_seconds:.0f} views/s, p50 {percentile(beside, 0.5):.0f} ms, "
          f"p99 {percentile(beside, 0.99):.0f} ms; "
          f"{len(savers) * saves_each - sum(f.startswith('save') for f in failed)} of {len(savers) * saves_each} "
          f"saves made" + (f"; FAILED: {', '.join(sorted(set(failed)))}" if failed else ""))
    return not failed


def wrk() -> str:
    """The wrk command, installed from Debian's packages if it is missing and this can be done."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        sys.exit("--http needs wrk: apt-get install wrk")
    return shutil.which("wrk")


@contextmanager
def gunicorn(app_module: str, env: dict):
    """gunicorn -w 2 on a free port of 127.0.0.1 with gunicorn.conf.py; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "--workers", "2",
         app_module], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
            if found:
                break
        else:
            raise RuntimeError(f"gunicorn did not start for {app_module}")
        time.sleep(1)   # the workers boot
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(url: str, cookie: str, seconds: int) -> dict:
    """wrk against `url`: requests per second, p50 and p99 in milliseconds."""
    out = subprocess.run([wrk(), "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
                          url], capture_output=True, text=True, check=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50%"),
            "p99": ms("99%"), "errors": int(errors.group(1)) if errors else 0}


def under_gunicorn(seconds: int) -> bool:
    """The plan page and its bytes under gunicorn side by side; prints them; True when the bars are met."""
    with TemporaryDirectory() as folder, demo_app() as (app, client, urls):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        page = client.get(urls["plan page"])
        body = Path(folder) / "plan.html"
        body.write_bytes(page.data)
        cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SCHOOL_PLANS_", "TEST_"))},
               "DATABASE_URL": url, "SECRET_KEY": "bench", "SAME_BYTES_FILE": str(body)}
        with gunicorn("wsgi:app", env) as plan_base, gunicorn("bench.same_bytes_app:app", env) as bytes_base:
            connection = http.client.HTTPConnection(urlsplit(plan_base).netloc, timeout=30)
            connection.request("GET", urls["plan page"], headers={"Cookie": cookie})
            answer = connection.getresponse()
            assert answer.status == 200 and len(answer.read()) > len(page.data) // 2, "not signed in under gunicorn"
            plan = load(plan_base + urls["plan page"], cookie, seconds)
            same = load(bytes_base + urls["plan page"], cookie, seconds)
    ratio = plan["rps"] / same["rps"]
    print(f"plan page under gunicorn -w 2, {CONNECTIONS} connections: {plan['rps']:.0f} req/s "
          f"(p50 {plan['p50']:.1f} ms, p99 {plan['p99']:.1f} ms, {plan['errors']} errors); the same bytes: "
          f"{same['rps']:.0f} req/s (p99 {same['p99']:.1f} ms); ratio {ratio:.3f} (aim: at least {HTTP_RATIO}, "
          f"p99 under {HTTP_P99_MS} ms)")
    return ratio >= HTTP_RATIO and plan["p99"] < HTTP_P99_MS and not plan["errors"]


def measure(runs: int) -> list[dict]:
    with demo_app() as (app, client, urls):
        same_bytes = app.extensions["bench_same_bytes"]
        results = []
        for index, (name, url) in enumerate(urls.items()):
            with app.app_context():
                engine = db.engine
            with counted(engine) as queries:
                page = client.get(url)
            assert page.status_code == 200, (url, page.status_code)
            same_bytes[index] = page.data
            page_ms = median_cpu_ms(lambda: client.get(url), runs)
            bytes_ms = median_cpu_ms(lambda: client.get(f"/bench/same-bytes/{index}"), runs)
            results.append({"page": name, "url": url, "ms": page_ms, "bytes_ms": bytes_ms,
                            "ratio": bytes_ms / page_ms, "queries": queries[0], "size": len(page.data)})
    return results


def misses(result: dict, bar: float) -> list[str]:
    """What the page misses: the throughput bar, the query budget."""
    missed = []
    if result["ratio"] < bar:
        missed.append(f"ratio under {bar}")
    budget = QUERY_BUDGET.get(result["page"])
    if budget is not None and result["queries"] > budget:
        missed.append(f"more than {budget} queries")
    return missed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="requests timed per page (default 200)")
    parser.add_argument("--bar", type=float, default=0.1, help="the least ratio a page may have (default 0.1)")
    parser.add_argument("--soak", type=int, metavar="N", help="request the plan page N times; print memory")
    parser.add_argument("--http", action="store_true", help="throughput under gunicorn against the same bytes")
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk loads each server (default 10)")
    parser.add_argument("--contention", type=int, metavar="SAVES",
                        help="8 reading the plan page while 8 others each save SAVES times")
    args = parser.parse_args(argv)
    if args.contention:
        return 0 if contention(args.contention) else 1
    if args.http:
        return 0 if under_gunicorn(args.seconds) else 1
    if args.soak:
        before, after = soak(args.soak)
        print(f"plan page x{args.soak}: RSS {before:.0f} MB before, {after:.0f} MB after "
              f"(aim: under {SOAK_LIMIT_MB} MB)")
        return 1 if after > SOAK_LIMIT_MB else 0
    failed = False
    for result in measure(args.runs):
        missed = misses(result, args.bar)
        failed |= bool(missed)
        print(f"{result['page']:<13} {result['ms']:7.2f} ms CPU, same bytes {result['bytes_ms']:5.2f} ms, "
              f"ratio {result['ratio']:.3f}, {result['queries']:2d} queries, {result['size'] // 1024} KB"
              + (f"  MISSES: {', '.join(missed)}" if missed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
