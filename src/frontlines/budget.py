"""A wall-clock budget per article: extraction that runs past it is stopped, and the article is
skipped with a reason while the batch goes on.

Parse units and the size limit bound an article's cost by design; this is the guard for whatever
they miss. It uses SIGALRM, so it stops work only in the main thread of a POSIX process (the CLI,
`LocalEngine` workers); elsewhere (a thread, Windows) `time_budget` measures nothing and lets the
work finish.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class OverBudget(RuntimeError):
    """An article's extraction took longer than `Settings.article_seconds`."""


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that no stage's `except Exception` swallows it."""


_armed = False


def _ring(signum, frame) -> None:
    if _armed:
        raise _Expired


def _can_arm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never override a timer someone else set


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most `seconds` of wall-clock time; past it, raise `OverBudget`."""
    global _armed
    if not seconds or seconds <= 0 or not _can_arm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _ring)
    previous = signal.SIG_DFL if previous is None else previous  # None: a handler not set from Python
    _armed = True
    # the alarm repeats every second, so that work which swallowed the first one is stopped anyway
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    except _Expired:
        _armed = False
        raise OverBudget(f"over the time budget of {seconds:g} s per article") from None
    finally:
        _armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
