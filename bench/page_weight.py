"""Print what a phone downloads to show the demo form: gzip bytes per file and in total.

Builds the demo in a temporary instance, fetches the form page with Flask's test client
(asking for gzip, as browsers do) and every stylesheet, script and icon the page
references, and compares the total with 14,600 bytes: about what the server may send
in the first round trip of a new connection (TCP's initial window of 10 segments).

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, select  # noqa: E402

from survey import create_app  # noqa: E402
from survey.collect.assets import BUDGET, page_weight  # noqa: E402
from survey.db import upgrade  # noqa: E402
from survey.demo import seed_demo  # noqa: E402
from survey.models import Training  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "survey.sqlite"
        engine = create_engine(f"sqlite:///{db_file}")
        upgrade(engine)
        engine.dispose()
        os.environ["SURVEY_INSTANCE_PATH"] = str(Path(tmp) / "instance")
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{db_file}"})
        with app.app_context():
            session = app.extensions["survey_db"].sessionmaker()
            seed_demo(session)
            session.commit()
            code = session.scalars(select(Training.code).order_by(Training.id)).first()
            session.close()
        client = app.test_client()
        worst = 0
        for lang in ("fr", "en", "ar"):
            weights = page_weight(client, f"/s/{code}?lang={lang}")
            total = sum(w.compressed for w in weights)
            worst = max(worst, total)
            print(f"/s/<code>?lang={lang}")
            for w in weights:
                print(f"  {w.compressed:>7,} B gzip  {w.raw:>7,} B raw  {w.url}")
            print(f"  {total:>7,} B gzip in total, budget {BUDGET:,} B")
        app.extensions["survey_db"].engine.dispose()
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
