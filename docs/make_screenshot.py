"""Take docs/plan.png (the demo foster carer's view of Leo's plan), docs/suggestion.png (the
designated teacher deciding on the carer's suggestion) and docs/review.png (the social worker's view of
Leo's CLA review: what changed in the plan since the PEP meeting) and docs/plan-ar.png (the carer's view of
Leo's plan after choosing Arabic: right to left), docs/card.png and docs/card-ar.png (Leo's one-page card as
the lunchtime supervisor sees it, in English and in Arabic) and docs/dashboard.png (the children on Northdale's
dashboard as its virtual school adviser sees them), in Chromium.

    python docs/make_screenshot.py
"""
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from school_plans import create_app
from school_plans.demo import DEMO_PASSWORD, email, load
from school_plans.extensions import db
from school_plans.models import CLA_REVIEW, OPEN, Review, Suggestion

OUT = Path(__file__).with_name("plan.png")
SUGGESTION_OUT = Path(__file__).with_name("suggestion.png")
REVIEW_OUT = Path(__file__).with_name("review.png")
ARABIC_OUT = Path(__file__).with_name("plan-ar.png")
CARD_OUT = Path(__file__).with_name("card.png")
CARD_ARABIC_OUT = Path(__file__).with_name("card-ar.png")
DASHBOARD_OUT = Path(__file__).with_name("dashboard.png")


def sign_in(page, base, who):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(email(who))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/children/")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "screenshot", "ENV_NAME": "development",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/shot.db"})
        with app.app_context():
            upgrade()
            load()
            db.session.commit()
            waiting = db.session.scalar(db.select(Suggestion).where(Suggestion.status == OPEN))
            suggestion_url = f"/plans/{waiting.plan_id}/suggestions/{waiting.id}"
            review_url = f"/reviews/{db.session.scalar(db.select(Review.id).where(Review.kind == CLA_REVIEW))}"
            card_url = f"/plans/{waiting.plan_id}/card"   # Leo's plan: the carer's suggestion is on it
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            sign_in(page, base, "carer")
            page.get_by_role("link", name="Leo").click()
            page.get_by_role("link", name="Leo's attachment support plan").click()
            page.screenshot(path=str(OUT))
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            sign_in(page, base, "dt")
            page.goto(base + suggestion_url)
            page.screenshot(path=str(SUGGESTION_OUT), full_page=True)
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            sign_in(page, base, "socialworker")
            page.goto(base + review_url)
            box = page.locator("#changes").bounding_box()   # its first screenful: the heading and first changes
            clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 1100)}
            page.screenshot(path=str(REVIEW_OUT), full_page=True, clip=clip)
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            sign_in(page, base, "carer")
            page.get_by_role("link", name="Your account").click()
            page.get_by_label("العربية").check()
            page.get_by_role("button", name="Save language").click()
            page.goto(base + "/children/")
            page.get_by_role("link", name="Leo").click()
            page.get_by_role("link", name="Leo's attachment support plan").click()
            page.screenshot(path=str(ARABIC_OUT))
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            sign_in(page, base, "lunch")
            page.get_by_role("link", name="Leo").click()
            page.get_by_role("link", name="Leo's attachment support plan").click()
            page.get_by_role("link", name="One-page card").click()
            page.locator(".app-card").screenshot(path=str(CARD_OUT))
            page.get_by_role("link", name="Your account").click()
            page.get_by_label("العربية").check()
            page.get_by_role("button", name="Save language").click()
            page.goto(base + card_url)
            page.locator(".app-card").screenshot(path=str(CARD_ARABIC_OUT))
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            sign_in(page, base, "virtualschool")
            page.get_by_role("link", name="Dashboard").click()
            page.locator("table").screenshot(path=str(DASHBOARD_OUT))
            browser.close()
        server.shutdown()
    print(f"wrote {OUT}, {SUGGESTION_OUT}, {REVIEW_OUT}, {ARABIC_OUT}, {CARD_OUT}, {CARD_ARABIC_OUT} and {DASHBOARD_OUT}")


if __name__ == "__main__":
    main()
