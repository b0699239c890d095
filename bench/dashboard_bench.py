"""How the oversight dashboard scales: an authority of 100 children against one of 2,000, on PostgreSQL.

Seeds its own database (dropped first) with 10,000 looked-after children across 5 authorities and 200 schools,
each with a plan, 3 agreed versions, a quality review and 2 reviews (a PEP meeting and a CLA review), in bulk
with SQLAlchemy core. Then, for each of the two authorities, it times (wall clock, median of --runs after a few
warm-up runs) the first page and a filtered search ("overdue only", a name fragment, sorted by PEP):

- oversight_reading.read(), the dashboard's data (2 queries);
- the rendered page, through Flask's test client signed in as the authority's adviser.

It prints one line each, the 2,000/100 ratios, and exits 1 when a page takes 150 ms or more or the
2,000-child authority takes more than twice the 100-child one. Run from the repository root:

    python bench/dashboard_bench.py [--runs 30] [--server postgresql+psycopg://postgres@127.0.0.1:5432/]
"""
import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone

import psycopg
from flask_migrate import upgrade
from sqlalchemy import insert, select

from school_plans import create_app, oversight_reading
from school_plans.extensions import db
from school_plans.models import (
    AgreedVersion,
    Authority,
    AuthorityStaff,
    Child,
    Plan,
    QualityReview,
    Review,
    School,
    User,
)
from school_plans.models.types import utcnow
from school_plans.services import accounts

DATABASE = "dashboard_bench"
SIZES = (100, 2000, 2600, 2650, 2650)   # children of each authority: 10,000 in all
SCHOOLS, WARM_UP, PASSWORD = 200, 3, "a benchmark password"
PAGE_MS, RATIO = 150, 2.0
SEARCH = {"overdue": "1", "q": "7", "sort": "pep"}


def fresh_database(server: str) -> str:
    admin = server.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return server + DATABASE


def seed() -> list[tuple[Authority, User]]:
    """The authorities in SIZES order, each with its adviser."""
    rng, now, today = random.Random(7), utcnow(), date.today()
    authorities = [Authority(name=f"Authority {n}") for n in range(len(SIZES))]
    db.session.add_all(authorities)
    db.session.flush()
    advisers = []
    for n, authority in enumerate(authorities):
        adviser = accounts.create_user(f"adviser{n}@example.org", f"Adviser {n}", PASSWORD)
        db.session.add(AuthorityStaff(authority_id=authority.id, user_id=adviser.id))
        advisers.append(adviser)
    db.session.execute(insert(School), [{"name": f"School {n}", "authority_id": authorities[n % 5].id,
                                         "created_at": now} for n in range(SCHOOLS)])
    school_ids = list(db.session.scalars(select(School.id).order_by(School.id)))
    children = []
    for authority, size in zip(authorities, SIZES):
        for n in range(size):
            children.append({
                "school_id": rng.choice(school_ids), "responsible_authority_id": authority.id,
                "preferred_name": f"Child {authority.id}-{n}", "date_of_birth": date(2015, 1, 1),
                "year_group": rng.randrange(14), "care_status": "looked_after", "care_status_audience": "core_team",
                "virtual_school_welcome": False, "story_wishes": "",
                "came_into_care_on": today - timedelta(days=rng.randrange(10, 2000)),
                "created_at": now, "updated_at": now})
    db.session.execute(insert(Child), children)
    child_ids = list(db.session.scalars(select(Child.id).order_by(Child.id)))
    db.session.execute(insert(Plan), [{
        "child_id": child_id, "template_key": "attachment-primary", "template_version": 1, "title": "Support plan",
        "status": rng.choice(("draft", "shared", "agreed")), "version": 3, "plan_date": today,
        "created_at": now, "updated_at": now} for child_id in child_ids])
    plan_ids = list(db.session.scalars(select(Plan.id).order_by(Plan.id)))
    db.session.execute(insert(AgreedVersion), [{
        "plan_id": plan_id, "number": number, "title": "Support plan", "plan_date": today, "revision_ids": [],
        "agreed_at": now - timedelta(days=100 * (4 - number))} for plan_id in plan_ids for number in (1, 2, 3)])
    db.session.execute(insert(QualityReview), [{
        "plan_id": plan_id, "plan_version": 3, "verdict": rng.choice(("meets", "needs_changes")),
        "rating": rng.choice(("green", "amber", "red")), "reason": "", "created_at": now} for plan_id in plan_ids])
    db.session.execute(insert(Review), [{
        "child_id": child_id, "kind": kind, "starts_at": now + timedelta(days=rng.randrange(-200, 60)),
        "chair": "", "outcome": rng.choice((None, "Agreed")), "version": 1, "created_at": now, "updated_at": now}
        for child_id in child_ids for kind in ("pep_meeting", "cla_review")])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return list(zip(authorities, advisers))


def median_ms(work, runs: int) -> float:
    for _ in range(WARM_UP):
        work()
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        taken.append(time.perf_counter() - start)
    return statistics.median(taken) * 1000


def measure(app, authority_id: int, adviser_email: str, runs: int) -> dict:
    client = app.test_client()
    client.post("/sign-in", data={"email": adviser_email, "password": PASSWORD})
    url = f"/authorities/{authority_id}/dashboard"
    assert client.get(url).status_code == 200, "the adviser cannot open the dashboard"
    with app.test_request_context():
        authority, adviser = db.session.get(Authority, authority_id), accounts.find_by_email(adviser_email)

        def read(args):
            return lambda: oversight_reading.read(adviser, authority, oversight_reading.Filters.from_args(args),
                                                  datetime.now(timezone.utc))
        found = {"read, first page": median_ms(read({}), runs),
                 "read, filtered search": median_ms(read(SEARCH), runs)}
    found["page, first page"] = median_ms(lambda: client.get(url), runs)
    found["page, filtered search"] = median_ms(lambda: client.get(url, query_string=SEARCH), runs)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/")
    args = parser.parse_args()
    app = create_app({"ENV_NAME": "development", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": fresh_database(args.server)})
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        pairs = [(authority.id, adviser.email) for authority, adviser in seed()]
        print(f"seeded 10,000 children in {time.perf_counter() - start:.1f} s")
    small, large = (measure(app, *pairs[n], args.runs) for n in (0, 1))
    failed = False
    for name in small:
        ratio = large[name] / small[name]
        print(f"{name:24} 100 children {small[name]:7.1f} ms   2,000 children {large[name]:7.1f} ms   "
              f"ratio {ratio:.2f}")
        failed |= ratio > RATIO or (name.startswith("page") and large[name] >= PAGE_MS)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
