"""One registry of what a search process keeps in memory between searches.

Every cache of the search package registers here with its name, its bound (and the unit the
bound counts), a way to measure it and a way to clear it; :func:`clear_all` clears them all,
and ``docs/search.md`` lists them. :class:`Bounded` is the least-recently-used memory most of
them are: it is bounded by a size per entry (postings, characters, bytes) rather than by a
count, so that a few enormous entries cannot take a worker's memory.
"""

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cache:
    """A registered cache: what it is, how large it may grow, how to measure and clear it.

    ``per_segment`` caches hold tables read once per index segment (not per query word); the
    benchmark's "cold" searches keep them, as a worker does.
    """

    name: str
    bound: int
    unit: str
    size: Callable[[], int]
    clear: Callable[[], None]
    per_segment: bool = False


_registry: dict[str, Cache] = {}


def register(name: str, bound: int, unit: str, size: Callable[[], int],
             clear: Callable[[], None], per_segment: bool = False) -> None:
    """Add a cache to the registry (again under the same name: replaced)."""
    _registry[name] = Cache(name, bound, unit, size, clear, per_segment)


def register_lru(name: str, function, unit: str = "entries") -> None:
    """Register a ``functools.lru_cache`` wrapped function, bounded by its ``maxsize``."""
    register(name, function.cache_info().maxsize, unit,
             lambda: function.cache_info().currsize, function.cache_clear)


def registered() -> list[Cache]:
    """Every registered cache, in order of registration."""
    return list(_registry.values())


def clear_all(keep_segment_tables: bool = False) -> None:
    """Clear every registered cache (but those read once per segment, if asked to keep them)."""
    for cache in _registry.values():
        if not (keep_segment_tables and cache.per_segment):
            cache.clear()


# Full collections only after this many collections of the younger generations (Python's
# default: 10). At 10k products, 300 searches met 5 full collections of 78-140 ms each; with
# the long-lived data frozen and this threshold, 1 of 50 ms.
FULL_COLLECTION_AFTER = 100


def settle() -> None:
    """Take what a process has loaded to search (the thesaurus, its tagger, the index's
    tables, the modules) out of the garbage collector's walks, and make full collections
    rarer: each walked every object of those, and paused a search for up to 140 ms."""
    gc.collect()
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


class Bounded:
    """A least-recently-used memory whose entries each have a size; the least recently used
    are forgotten while the sizes add up to more than ``limit``, and an entry larger than
    ``largest`` is not kept at all. Registers itself under ``name``."""

    def __init__(self, name: str, limit: int, unit: str, largest: int | None = None,
                 per_segment: bool = False):
        self.limit, self.largest, self.size = limit, largest or limit, 0
        self.lock = threading.Lock()
        self.items: OrderedDict = OrderedDict()  # key -> (value, size)
        register(name, limit, unit, lambda: self.size, self.clear, per_segment)

    def get(self, key):
        """The value kept under ``key``, or None."""
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            self.items.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        """Forget everything kept."""
        with self.lock:
            self.items.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self.items)

    def put(self, key, value, size: int) -> None:
        """Keep ``value`` (instead of any kept under ``key``), forgetting the least recently
        used beyond the limit; a value larger than ``largest`` is not kept."""
        with self.lock:
            if key in self.items:
                self.size -= self.items.pop(key)[1]
            if size > self.largest:
                return
            self.items[key] = (value, size)
            self.size += size
            while self.size > self.limit and len(self.items) > 1:
                _key, (_value, forgotten) = self.items.popitem(last=False)
                self.size -= forgotten
