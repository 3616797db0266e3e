"""Running a function in a worker process beside this one (report.compute.beside)."""

from __future__ import annotations

import operator
import os

import numpy as np
import pytest

from report.compute import beside


def test_the_function_runs_in_another_process_and_its_value_comes_back():
    assert beside.start(os.getpid).result() != os.getpid()
    values = np.arange(10**6, dtype=np.int64)
    assert beside.start(np.sum, values).result() == values.sum()


def test_a_worker_that_fails_raises_failed_naming_its_error():
    with pytest.raises(beside.Failed, match="ZeroDivisionError"):
        beside.start(operator.truediv, 1, 0).result()


def test_no_interpreter_to_start_raises_failed(monkeypatch):
    monkeypatch.setattr(beside.sys, "executable", "/nonexistent/python")
    with pytest.raises(beside.Failed, match="no worker process could be started"):
        beside.start(os.getpid)
