"""Cut the socket of a database call that waits too long (see selfhelp.db)."""

import os
import socket
import threading
import time
from contextlib import contextmanager


class Watchdog:
    def __init__(self, tick=0.1):
        self.tick = tick
        self._lock = threading.Lock()
        self._waiting = {}  # token -> (deadline, file descriptor)
        self._thread = None

    @contextmanager
    def guard(self, fileno, seconds):
        token = object()
        with self._lock:
            self._waiting[token] = (time.monotonic() + seconds, fileno)
            self._start()
        try:
            yield
        finally:
            with self._lock:
                self._waiting.pop(token, None)

    def _start(self):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
            self._thread.start()

    def _watch(self):
        while True:
            time.sleep(self.tick)
            now = time.monotonic()
            with self._lock:
                late = [(t, fd) for t, (deadline, fd) in self._waiting.items() if deadline < now]
                for token, fileno in late:
                    del self._waiting[token]
                    _cut(fileno)


def _cut(fileno):
    """Shut the connection's socket down: the call blocked on it returns with an error. The
    socket is reached through a duplicate, so the driver's own descriptor stays its to close."""
    try:
        duplicate = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return  # already closed
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


watchdog = Watchdog()
