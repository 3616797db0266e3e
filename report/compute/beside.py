"""Run a function in another Python process while this one carries on: for numpy loops that
hold the GIL, which threads would only take turns at.

    later = beside.start(function, *args)   # FUNCTION and ARGS are pickled to the worker
    ...                                     # this process works meanwhile
    value = later.result()                  # raises beside.Failed if the worker did not finish
                                            # (start() raises it if none could be started)

The worker is a fresh `python -m report.compute.beside` that reads (function, args) from its
standard input and writes the pickled result to its standard output. It imports what it
needs itself: no script's main module is run again (as multiprocessing's spawn would).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys


class Failed(RuntimeError):
    """The worker process ended without a result."""


class Later:
    """A function running in a worker process."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process

    def result(self):
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise Failed(f"the worker process ended with code {self.process.returncode}: "
                         f"{last[0]}")
        return pickle.loads(out)


def start(function, *args) -> Later:
    """FUNCTION(*ARGS) in a new worker process (FUNCTION: a module-level function)."""
    path = os.pathsep.join(p for p in sys.path if p)
    env = dict(os.environ, PYTHONPATH=path)
    try:
        process = subprocess.Popen([sys.executable or "python3", "-m", "report.compute.beside"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env)
    except OSError as error:  # no interpreter to start: the caller works on without one
        raise Failed(f"no worker process could be started ({type(error).__name__})") from None
    try:
        pickle.dump((function, args), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the worker died early: result() says so
    process.stdin = None  # sent: communicate() only reads
    return Later(process)


def _work() -> None:
    function, args = pickle.load(sys.stdin.buffer)
    value = function(*args)
    pickle.dump(value, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _work()
