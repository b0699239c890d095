"""Take docs/plan.png: the demo foster carer's view of Leo's plan, in Chromium.

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

OUT = Path(__file__).with_name("plan.png")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "screenshot", "ENV_NAME": "development",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/shot.db"})
        with app.app_context():
            upgrade()
            load()
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.goto(f"{base}/sign-in")
            page.get_by_label("Email address").fill(email("carer"))
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/children/")
            page.get_by_role("link", name="Leo").click()
            page.get_by_role("link", name="Leo's attachment support plan").click()
            page.screenshot(path=str(OUT))
            browser.close()
        server.shutdown()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
