"""A small per-process LRU cache for what a dashboard page computes and draws (and, in
reports/build.py, for rendered PDFs).

Keys include the data version of the training (number of responses, highest response
id), so a new response changes the key and old entries simply age out: nothing has to
be invalidated, and several worker processes, each with its own cache, never serve
figures older than the database. Memory is bounded by the number of entries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

DEFAULT_SIZE = 64


class LRUCache:
    """A thread-safe least-recently-used mapping with a fixed number of entries."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return the value for key, making (and storing) it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        self.misses += 1
        # Made outside the lock: two requests may both draw on a miss, which is harmless.
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return default

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


# Tallies (the additive counts behind a training's figures) are kept apart, in fewer
# entries: at 100,000 responses one holds tens of thousands of answer combinations.
TALLY_SIZE = 8


def init_app(app) -> None:
    app.extensions["survey_dashboard_cache"] = LRUCache(
        app.config.get("DASHBOARD_CACHE_SIZE", DEFAULT_SIZE)
    )
    app.extensions["survey_tally_cache"] = LRUCache(TALLY_SIZE)


def cache_for(app) -> LRUCache:
    """Return the app's cache of pages and charts (made on first use)."""
    if "survey_dashboard_cache" not in app.extensions:
        init_app(app)
    return app.extensions["survey_dashboard_cache"]


def tallies_for(app) -> LRUCache:
    """Return the app's cache of tallies, which new responses update instead of replace."""
    if "survey_tally_cache" not in app.extensions:
        init_app(app)
    return app.extensions["survey_tally_cache"]
