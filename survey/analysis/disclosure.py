"""Small-cell suppression, so a breakdown never singles out a few participants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

from survey.analysis.summaries import Counts, Distribution, distribution

DEFAULT_MIN_SIZE = 5
COMPLEMENTARY = "complementary"
# What every page, file and report says of any hidden group. Why a group is hidden is
# kept for the rule's own checks but never published: "fewer than 5" on one hidden group
# and "complementary" (so 5 or more) on another would bound each, and with the total
# could give both away (1 and 5 hidden, 6 in all: the small one is 1, the other 5).
PUBLISHED_REASON = "protected"


@dataclass(frozen=True, slots=True)
class Cell:
    """One count as it may be published: n is None when suppressed, and reason says why."""

    key: str
    n: int | None
    suppressed: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One group of a breakdown; a suppressed row carries no numbers at all."""

    group: str
    n: int | None
    counts: tuple[int, ...] | None
    percent: tuple[float | None, ...] | None
    suppressed: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Answers to one question per group (rows in input order) and over all groups."""

    options: tuple[Hashable, ...]
    rows: tuple[BreakdownRow, ...]
    total: Distribution
    min_size: int


def suppress(
    cells: Mapping[str, int],
    min_size: int = DEFAULT_MIN_SIZE,
    unattributed: Collection[str] = (),
    hidden_in_parts: Collection[str] = (),
) -> list[Cell]:
    """Return the cells in input order, hiding those that could identify people.

    Rules, for tables whose total is published (or can be added up elsewhere):
    1. A cell with 0 < n < min_size is suppressed (reason "fewer than <min_size>").
    2. The suppressed cells together can be worked out as the total minus the cells
       shown, so they must together count at least min_size people, like any group
       shown. If they count fewer, the smallest other non-zero cell (the first in input
       order on a tie) is suppressed too (reason "complementary"). One small cell thus
       always takes a partner; two or more take one only when they add up to fewer than
       min_size (or see rule 5).
    3. A cell with n == 0 stays visible: it describes nobody, and hiding it would not
       protect a small cell, which could still be recovered from the total.
    4. Rule 2 protects people whose group others can know ("the participant from
       Guinea"). ``unattributed`` names cells of people who gave no group ("prefer not
       to say", no answer): nobody can point at them, so when every small cell is one of
       these, no other group is hidden for them (else a table by sex would hide the 13
       women because 2 people did not say).
    5. The hidden cells must also count more people than there are hidden cells: a
       hidden cell has somebody in it (rule 3), so five hidden groups that count five
       people in all are one person each. They take a partner then too, as does a
       single hidden cell of ``hidden_in_parts`` (below).
    6. ``hidden_in_parts`` is for a pooled table (a project's groups over its trainings):
       it names the groups hidden in any part's table (a training's), and those are
       hidden here too (reason "complementary" unless small anyway). Each published
       pooled cell is then the sum of published part cells, so the pooled table tells
       nothing the parts do not: a part's hidden cell cannot be worked out as the pooled
       cell minus the other parts' cells. This holds whichever parts are pooled (each
       trainer's project report pools the trainings they see), which partner cells
       hidden in the parts instead (the usual complementary suppression of linked
       tables) would not give without a search over every such pooling; that would
       keep more pooled groups, this rule is simple and provably safe.
    If the small cells are the only non-zero cells, the published total still gives them
    away: the caller must not publish a total below min_size.
    """
    for key, n in cells.items():
        if n < 0:
            raise ValueError(f"count for {key!r} must not be negative, got {n!r}")
    small = {key for key, n in cells.items() if 0 < n < min_size}
    # A group empty here but hidden in a part has nothing to hide: it stays 0 (rule 3).
    linked = {key for key in hidden_in_parts if cells.get(key, 0) > 0} - small
    hidden = small | linked
    partner = None
    attributed = hidden - set(unattributed)
    together = sum(cells[key] for key in hidden)
    if attributed and (together < min_size or together <= len(hidden) or len(hidden) == 1):
        candidates = [
            (n, position, key)
            for position, (key, n) in enumerate(cells.items())
            if n >= min_size and n > 0 and key not in hidden
        ]
        if candidates:
            partner = min(candidates)[2]
    small_reason = f"fewer than {min_size}"
    result = []
    for key, n in cells.items():
        if key in small:
            result.append(Cell(key, None, True, small_reason))
        elif key == partner or key in linked:
            result.append(Cell(key, None, True, COMPLEMENTARY))
        else:
            result.append(Cell(key, n, False, None))
    return result


def breakdown(
    groups: Mapping[str, Counts],
    options: Sequence[Hashable],
    min_size: int = DEFAULT_MIN_SIZE,
) -> Breakdown:
    """Return each group's distribution over options, suppressing small groups.

    Groups are suppressed by their number of answers with the rules of `suppress`, since
    the overall distribution (`total`) is published beside them. Counts inside a shown
    group are not suppressed one by one.
    """
    options = tuple(options)
    per_group = {group: distribution(counts, options) for group, counts in groups.items()}
    cells = suppress({group: dist.n for group, dist in per_group.items()}, min_size)
    rows = []
    for cell in cells:
        dist = per_group[cell.key]
        if cell.suppressed:
            rows.append(BreakdownRow(cell.key, None, None, None, True, cell.reason))
        else:
            rows.append(BreakdownRow(cell.key, dist.n, dist.counts, dist.percent, False, None))
    overall: Counter[Hashable] = Counter()
    for counts in groups.values():
        overall.update(counts)
    return Breakdown(options, tuple(rows), distribution(overall, options), min_size)
