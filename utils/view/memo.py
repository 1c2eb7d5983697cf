"""A process-wide cache that no visitor can empty.

Streamlit's `st.cache_data` and `st.cache_resource` are emptied for everyone by the
`clear_cache` message that any visitor's browser can send over the websocket. What is
expensive and shared (the geocoder with its Nominatim rate limiter and gazetteer, the
bundled data placed on the map, its story) lives here instead, so that one visitor
cannot make the next one wait: it is emptied only by restarting the app.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def shared(max_entries: int = 8) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep up to `max_entries` results, keyed like st.cache_data: on every argument whose name does not start with '_'."""

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        signature = inspect.signature(function)
        entries: OrderedDict[tuple, T] = OrderedDict()
        lock = threading.Lock()
        keys: dict[tuple, threading.Lock] = {}

        @functools.wraps(function)
        def call(*args, **kwargs) -> T:
            bound = signature.bind(*args, **kwargs)
            key = tuple((name, value) for name, value in bound.arguments.items() if not name.startswith("_"))
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return entries[key]
                one = keys.setdefault(key, threading.Lock())
            with one:  # two visitors asking at once compute it once
                with lock:
                    if key in entries:
                        return entries[key]
                value = function(*args, **kwargs)
                with lock:
                    entries[key] = value
                    while len(entries) > max_entries:
                        entries.popitem(last=False)
                    keys.pop(key, None)
            return value

        return call

    return wrap
