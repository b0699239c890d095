"""How fast the busiest pages are, against a Flask view in the same process returning the same bytes.

For the plan page, a child's page, a review page, the plan's history and the reviews list (demo data, signed
in as the demo's designated teacher), in one run:

- the median CPU time of one request, in process (Flask's test client), after a few warm-up requests;
- the same for a plain Flask view, registered on the same app, that returns the page's bytes;
- the ratio of the two (same-bytes view / page: 1.0 would be as fast as sending the bytes), and the
  number of SQL queries the page runs.

It prints one line per page and exits 1 when a page misses its bar (--bar, default 0.1) or its
query budget. With --soak N it instead requests the plan page N times and prints this process's
resident memory before and after (exit 1 above 150 MB). The demo data lives in a temporary SQLite
database, deleted afterwards. Run from the repository root:

    python bench/page_bench.py [--runs 200] [--bar 0.1]
    python bench/page_bench.py --soak 10000
"""
import argparse
import re
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from flask import Response
from flask_migrate import upgrade
from sqlalchemy import event, select

from school_plans import create_app, demo
from school_plans.extensions import db
from school_plans.models import CLA_REVIEW, Child, Plan, Review

WARM_UP = 5
SOAK_LIMIT_MB = 150
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
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
        client.post("/sign-in", data={"email": demo.email("dt"), "password": demo.DEMO_PASSWORD,
                                      "csrf_token": token}, headers={"Sec-Fetch-Site": "same-origin"})
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
    args = parser.parse_args(argv)
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
