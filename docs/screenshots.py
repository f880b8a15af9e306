"""Take the README's screenshots again: the demo as a participant and a trainer see it.

Serves the demo from a temporary SQLite instance, drives Debian's Chromium through
Playwright and turns the first pages of the training and project reports into PNGs with
pdftoppm. Writes into docs/screenshots/.

    .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PASSWORD = "screenshots password 2016"  # noqa: S105 (a throwaway database)


def serve(tmp: Path):
    sys.path.insert(0, str(ROOT))
    from werkzeug.serving import make_server

    from survey import create_app
    from survey.db import get_session, upgrade
    from survey.demo import seed_demo
    from survey.models import Training, User

    os.environ["SURVEY_INSTANCE_PATH"] = str(tmp / "instance")
    app = create_app(
        {
            "SECRET_KEY": "screenshots",
            "DATABASE_URL": f"sqlite:///{tmp / 's.sqlite'}",
            "HTTPS": False,
        }
    )
    with app.app_context():
        upgrade()
        session = get_session()
        seed_demo(session)
        user = User(email="trainer@example.org", role="admin", name="Formatrice")
        user.set_password(PASSWORD)
        session.add(user)
        session.flush()
        for training in session.query(Training):
            training.owner_id = user.id
        codes = [t.code for t in session.query(Training).order_by(Training.id)]
        ids = [t.id for t in session.query(Training).order_by(Training.id)]
        project_id = session.query(Training).first().project_id
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", codes, ids, project_id


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        server, url, codes, ids, project_id = serve(tmp)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=2
            )
            for lang in ("fr", "ar"):
                page = phone.new_page()
                page.goto(f"{url}/s/{codes[0]}?lang={lang}")
                page.screenshot(path=OUT / f"form-{lang}.png")
            desktop = browser.new_context(viewport={"width": 1280, "height": 900})
            for context, name in ((desktop, "dashboard"), (phone, "dashboard-phone")):
                page = context.new_page()
                page.goto(f"{url}/login")
                page.fill("input[name=email]", "trainer@example.org")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"{url}/trainings/{ids[0]}?lang=fr")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{name}.png")
                if name == "dashboard":
                    reports = [
                        (f"/trainings/{ids[0]}/report.pdf?lang=fr", "report-fr", 1),
                        (f"/trainings/{ids[0]}/report.pdf?lang=ar", "report-ar", 1),
                        (f"/projects/{project_id}/report.pdf?lang=fr", "report-project", 2),
                    ]
                    for path, stem, number in reports:
                        response = context.request.get(url + path)
                        assert response.ok, (path, response.status)
                        pdf = tmp / f"{stem}.pdf"
                        pdf.write_bytes(response.body())
                        subprocess.run(  # noqa: S603 - fixed arguments, our own files
                            ["/usr/bin/pdftoppm", "-png", "-r", "60", "-f", str(number),
                             "-l", str(number), "-singlefile", str(pdf),
                             str(OUT / f"{stem}-{number}")],
                            check=True,
                        )  # fmt: skip
            browser.close()
        server.shutdown()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
