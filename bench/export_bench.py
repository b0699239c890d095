"""How long the Word export of the demo plan takes, against a bare python-docx document.

Measures the median CPU time of each over --runs runs (after a few warm-up runs), the three taken in
turn within each run so that the machine's load falls on them alike:

- the demo plan's export: reading the plan from the database, then building the .docx bytes;
- the build alone (the plan read once, built every run), to show where the time goes;
- a bare python-docx document holding the same text (every paragraph, table cell, header and
  footer paragraph of the export, one plain paragraph each), built and saved to memory.

The ratio is export / bare document; it exits 1 above 1.3x (issue "Speed"). The demo data lives in a
temporary SQLite database that is deleted afterwards; the instance folder and any real database are
never touched. Run from the repository root:

    python bench/export_bench.py [--runs 50]
"""
import argparse
import gc
import statistics
import time
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory

from docx import Document
from flask_migrate import upgrade
from sqlalchemy import select

from school_plans import create_app, demo
from school_plans.export import build_plan_docx
from school_plans.extensions import db
from school_plans.models import Plan
from school_plans.plan_reading import read_plan

WARM_UP = 3
AIM = 1.3


def medians_ms(works: dict, runs: int) -> dict:
    """The median CPU time of each of `works` (name -> callable) in milliseconds, after a few untimed runs;
    each run times every one of them in turn. The garbage the one before left is collected first, untimed:
    otherwise each would pay for collecting the previous one's document."""
    times = {name: [] for name in works}
    for n in range(WARM_UP + runs):
        for name, work in works.items():
            gc.collect()
            start = time.process_time()
            work()
            if n >= WARM_UP:
                times[name].append(time.process_time() - start)
    return {name: statistics.median(taken) * 1000 for name, taken in times.items()}


def make_app(database: Path):
    """An app on its own SQLite file (never instance/ or DATABASE_URL)."""
    return create_app({"ENV_NAME": "development", "SECRET_KEY": "bench",
                       "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(database)})


def load_demo() -> int:
    """Migrate the empty database, load the demo data and return the demo plan's id (Leo's)."""
    upgrade()
    demo.load()
    db.session.commit()
    return db.session.scalar(select(Plan.id).order_by(Plan.id).limit(1))


def export(plan_id: int) -> bytes:
    """The export as a request does it: a fresh session, the plan read from the database, then built."""
    db.session.expunge_all()
    return build_plan_docx(read_plan(None, db.session.get(Plan, plan_id)))


def texts_of(data: bytes) -> list[str]:
    """Every paragraph's text in a .docx: body, table cells, headers and footers."""
    document = Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    for section in document.sections:
        for part in (section.header, section.footer):
            texts.extend(p.text for p in part.paragraphs)
    return texts


def bare_docx(texts: list[str]) -> bytes:
    """The same text as plain paragraphs in a default python-docx document."""
    document = Document()
    for value in texts:
        document.add_paragraph(value)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def measure(runs: int) -> dict:
    """Load the demo into a throwaway database and time the three things."""
    with TemporaryDirectory() as folder:
        app = make_app(Path(folder) / "bench.db")
        with app.app_context():
            plan_id = load_demo()
            data = export(plan_id)
            reading = read_plan(None, db.session.get(Plan, plan_id))
            texts = texts_of(data)
            result = {
                **medians_ms({"export": lambda: export(plan_id), "build": lambda: build_plan_docx(reading),
                              "bare": lambda: bare_docx(texts)}, runs),
                "words": sum(len(t.split()) for t in texts),
                "paragraphs": len(texts),
            }
            db.session.remove()
            db.engine.dispose()
    return result


def report(result: dict, runs: int) -> str:
    ratio = result["export"] / result["bare"]
    return "\n".join([
        f"demo plan export (read + build), median of {runs}: {result['export']:.1f} ms",
        f"demo plan export (build only), median of {runs}: {result['build']:.1f} ms",
        f"bare python-docx with the same text ({result['words']} words, {result['paragraphs']} paragraphs), "
        f"median of {runs}: {result['bare']:.1f} ms",
        f"ratio: {ratio:.2f}x (aim: at most {AIM}x)",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed runs for each measurement (default 50)")
    args = parser.parse_args()
    runs = max(args.runs, 1)
    result = measure(runs)
    print(report(result, runs))
    return 0 if result["export"] / result["bare"] <= AIM else 1


if __name__ == "__main__":
    raise SystemExit(main())
