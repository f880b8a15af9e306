"""Counting the responses' profiles (see models/profile.py): people per combination.

A *pick* takes some answers out of a split profile (``picker``); ``count_profiles`` counts
people per picked combination, for each pick, reading the profiles a chunk at a time.
``typed`` turns the counted text back into answers, and ``role_positions`` says where the
questions with given roles sit in a questionnaire's layout.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import getitem, itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Layout, Response, Training, layout_for
from .models.profile import SEPARATOR

Pick = Callable[[list[str]], Any]
PROFILE_CHUNK = 5000


@dataclass
class Counted:
    """One training's profiles counted: people per picked answers, for each pick."""

    layout: Layout
    picks: list[Pick]
    counts: list[Counter]
    people: int = 0


def count_profiles(
    session: Session,
    training_ids: Sequence[int],
    picks_for: Callable[[Layout], list[Pick]],
    conditions: Sequence[Any],
) -> dict[int, Counted]:
    """Count the profiles of the responses that meet ``conditions`` (WHERE clauses on
    Response), per training, with the picks of the training's layout.

    Profiles are read a chunk at a time, so memory stays flat however many responses
    there are; each distinct profile of a chunk is split at the separator (the layout's
    fingerprint first, then answer j of the layout as field j + 1) and counted with
    each pick. ``Counter(map(pick, ...))`` counts in C.
    """
    ids = list(training_ids)
    out: dict[int, Counted] = {}
    by_questionnaire: dict[int, Layout] = {}
    for tid, questionnaire_id in session.execute(
        select(Training.id, Training.questionnaire_id).where(Training.id.in_(ids))
    ):
        if questionnaire_id not in by_questionnaire:
            by_questionnaire[questionnaire_id] = layout_for(session.connection(), questionnaire_id)
        layout = by_questionnaire[questionnaire_id]
        picks = picks_for(layout)
        out[tid] = Counted(layout, picks, [Counter() for _ in picks])
    # Plain rows counted here rather than a GROUP BY: Counter counts strings in C, where
    # SQLite sorted them first (100 ms rather than 200 at 100,000 responses).
    result = session.connection().execute(
        select(Response.training_id, Response.profile)
        .where(*conditions)
        .execution_options(yield_per=PROFILE_CHUNK)
    )
    with result:  # closes PostgreSQL's server-side cursor, even when a profile is refused
        for chunk in result.partitions():
            _count_chunk(out, Counter(chunk))
    return out


def _count_chunk(out: dict[int, Counted], chunk: Counter) -> None:
    """Count one chunk: people per (training id, profile)."""
    split: dict[int, tuple[list[list[str]], list[int]]] = defaultdict(lambda: ([], []))
    for (tid, profile), n in chunk.items():
        fields, people = split[tid]
        fields.append(profile.split(SEPARATOR))
        people.append(n)
    for tid, (fields, people) in split.items():
        counted = out[tid]
        counted.layout.check(fields)
        counted.people += sum(people)
        repeated = [(f, n) for f, n in zip(fields, people, strict=True) if n > 1]
        for pick, counts in zip(counted.picks, counted.counts, strict=True):
            counts.update(map(pick, fields))
            for f, n in repeated:  # each profile was counted once above
                counts[pick(f)] += n - 1


def picker(positions: Sequence[int | None]) -> Callable[[list[str]], tuple[str, ...]]:
    """Pick the answers at ``positions`` of the layout from split profiles, as a tuple.

    A position None (no such question here) reads field 0, the fingerprint, which
    ``typed`` turns into None. The extra field 0 at the end keeps the result a tuple
    even for one position.
    """
    return itemgetter(*[0 if p is None else p + 1 for p in positions], 0)


def typed(tid: int, layout: Layout, positions: Sequence[int | None], counts: Counter) -> Counter:
    """Turn picked answers (text, as counted) into (training id, typed answers) keys."""
    # One table per position from each distinct text to its value, then one lookup per
    # field (in C); the extra field at the end of each key is left out by map.
    tables = []
    for i, p in enumerate(positions):
        texts = {key[i] for key in counts}
        tables.append({t: None if p is None else layout.value(p, t) for t in texts})
    out: Counter = Counter()
    for key, n in counts.items():
        out[(tid, tuple(map(getitem, tables, key)))] += n
    return out


def role_positions(
    layout: Layout, roles: Sequence[str], qids: dict[str, list[int]]
) -> list[int | None]:
    """Where each role's question sits in the layout (None: this questionnaire has none)."""
    positions: list[int | None] = []
    for role in roles:
        found = (layout.position(q) for q in qids.get(str(role), ()))
        positions.append(next((p for p in found if p is not None), None))
    return positions
