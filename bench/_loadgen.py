"""Simulated participants for the load benchmarks and the fault test.

Each participant does what a phone does: GET the form (keeping the session cookie, the
CSRF token and the submission id from the page), then POST the answers. Some send the
same form again (a double tap, the offline queue retrying): that must be stored once.
Only the standard library: http.client and threads, loopback only.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SID = re.compile(r'name="sid"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def random_answers(rng: random.Random) -> dict[str, str]:
    """Answers to the standard questionnaire, as a participant's phone posts them."""
    return {
        "q_satisfaction": str(rng.randint(1, 5)),
        "q_adopt": str(rng.randint(1, 5)),
        "q_relevance": str(rng.randint(1, 5)),
        "q_knowledge_before": str(rng.randint(1, 3)),
        "q_knowledge_after": str(rng.randint(3, 5)),
        "q_recommend": str(rng.randint(0, 10)),
        "q_improve": rng.choice(["", "Plus de pratique.", "More case studies", "وقت أطول"]),
        "q_country": rng.choice(["MA", "CM", "CI", "GN", "NG"]),
        "q_organisation_type": rng.choice(["GOV", "CSO", "IO", "OTHER"]),
        "q_sex": rng.choice(["F", "M"]),
    }


@dataclass
class Form:
    cookie: str
    fields: dict[str, str]


def get_form(port: int, path: str, timeout: float = 30) -> Form:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        # As a phone's browser asks for it: French, compressed if the server can.
        conn.request("GET", path, headers={"Accept-Language": "fr", "Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        html = body.decode()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
        cookie = "; ".join(
            value.split(";", 1)[0]
            for name, value in response.getheaders()
            if name.lower() == "set-cookie"
        )
    finally:
        conn.close()
    fields = {}
    if token := TOKEN.search(html):
        fields["csrf_token"] = token.group(1)
    if sid := SID.search(html):
        fields["sid"] = sid.group(1)
    return Form(cookie=cookie, fields=fields)


def post_form(port: int, path: str, form: Form, answers: dict[str, str], timeout: float = 30):
    """POST the answers; return (status, seconds)."""
    body = urllib.parse.urlencode({**form.fields, **answers})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": form.cookie,
        "Accept-Language": "fr",
    }
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


@dataclass
class Outcome:
    sid: str
    form: Form
    answers: dict[str, str]
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        """The server said 'stored' (303 to the thank-you page) at least once."""
        return 303 in self.statuses


def participant(
    port: int, path: str, seed: int, resend: bool, delay: float = 0.0
) -> Outcome | None:
    rng = random.Random(seed)
    if delay:
        time.sleep(delay)
    try:
        form = get_form(port, path)
    except (OSError, RuntimeError, http.client.HTTPException) as exc:
        out = Outcome(sid="", form=Form("", {}), answers={})
        out.errors.append(f"GET: {exc}")
        return out
    out = Outcome(sid=form.fields.get("sid", ""), form=form, answers=random_answers(rng))
    sends = 2 if resend else 1
    for _ in range(sends):
        try:
            status, seconds = post_form(port, path, form, out.answers)
        except (OSError, http.client.HTTPException) as exc:
            out.errors.append(f"POST: {exc}")
            continue
        out.statuses.append(status)
        out.latencies.append(seconds)
    return out


def run_participants(
    port: int,
    path: str,
    count: int,
    resend_share: float = 0.1,
    spread: float = 0.0,
    seed: int = 1,
    on_done: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], float]:
    """Run `count` participants at once (each in a thread); arrivals spread over `spread` s."""
    rng = random.Random(seed)
    plans = [(rng.random() < resend_share, rng.uniform(0, spread)) for _ in range(count)]
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        resend, delay = plans[i]
        out = participant(port, path, seed * 100_000 + i, resend, delay)
        with lock:
            outcomes.append(out)
        if on_done:
            on_done(out)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    return outcomes, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass
class Summary:
    label: str
    participants: int
    posts: int
    seconds: float
    p50_ms: float
    p99_ms: float
    stored: int
    lost: int
    duplicated: int
    errors: int

    @property
    def throughput(self) -> float:
        """Submissions (POSTs) answered per second."""
        return self.posts / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.label:<28} {self.participants:>4} participants {self.posts:>4} posts "
            f"{self.throughput:7.1f} posts/s  p50 {self.p50_ms:6.1f} ms  "
            f"p99 {self.p99_ms:6.1f} ms  "
            f"stored {self.stored:>4}  lost {self.lost}  duplicated {self.duplicated}  "
            f"errors {self.errors}"
        )


def summarise(
    label: str, outcomes: list[Outcome], seconds: float, stored_sids: list[str]
) -> Summary:
    latencies = [s for out in outcomes for s in out.latencies]
    stored_set = set(stored_sids)
    acknowledged = [out for out in outcomes if out.acknowledged]
    errors = sum(len(out.errors) for out in outcomes) + sum(
        1 for out in outcomes for status in out.statuses if status != 303
    )
    return Summary(
        label=label,
        participants=len(outcomes),
        posts=len(latencies),
        seconds=seconds,
        p50_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
        p99_ms=percentile(latencies, 0.99) * 1000,
        stored=len(stored_sids),
        lost=sum(1 for out in acknowledged if out.sid not in stored_set),
        duplicated=len(stored_sids) - len(stored_set),
        errors=errors,
    )


def start_gunicorn(
    app: str, port: int, env: dict[str, str], log: Path, workers: int = 4, threads: int = 1
) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:port in its own process group; wait until it answers."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers", str(workers),
        "--threads", str(threads),
        "--bind", f"{HOST}:{port}",
        "--backlog", "2048",
        "--timeout", "60",
        "--graceful-timeout", "5",
        "--chdir", str(ROOT),
        app,
    ]  # fmt: skip
    with open(log, "ab") as log_file:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/login")
            conn.getresponse().read()
            return process
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
        finally:
            conn.close()
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal gunicorn's whole process group (master and workers) and wait."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def prepare_retour(url: str) -> str:
    """Migrate the database at `url`, add one training; return its form's path."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from survey.codes import new_code
    from survey.db import upgrade
    from survey.models import Project, Training
    from survey.standard import standard_questionnaire

    engine = create_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        training = Training(
            project=Project(name="Load test"),
            questionnaire=standard_questionnaire(session),
            title=f"Load test {new_code()}",
            location="Rabat",
            country="Maroc",
            expected_participants=200,
            code=new_code(),
            languages=["fr", "en", "ar"],
            default_language="fr",
        )
        session.add(training)
        session.commit()
        path = f"/s/{training.code}"
    engine.dispose()
    return path


def stored_submission_ids(url: str, sql: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        sids = [row[0] for row in conn.execute(text(sql))]
    engine.dispose()
    return sids


def warm_up(port: int, path: str, requests: int = 24) -> None:
    """Let every worker import and compile its templates before the clock starts."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: get_form(port, path), range(requests)))


def sqlite_integrity(path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
