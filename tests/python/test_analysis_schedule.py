"""Sweeps schedule the longest runs first: cost from flows x packets per flow (or the
program's defaults), ties in study order, the same order every time."""
import pytest

from analysis import runner
from analysis.study import Run


class FakeScenario:
    """What the scheduler reads of a program: its options' defaults."""
    name = "fake"
    path = "/nonexistent/fake"

    def __init__(self, options):
        self.options = {name: {"name": name, "default": d} for name, d in options.items()}

    def args(self, params):
        return [f"--{k}={v}" for k, v in params.items()]


def make_runs(points, reps=2):
    runs = []
    for i, p in enumerate(points):
        for j in range(reps):
            runs.append(Run(key=f"k{i}-{j}", params=dict(p, RngRun=j + 1), point=i,
                            replication=j, rng_run=j + 1))
    return runs


def test_cost_uses_study_values_then_defaults():
    sc = FakeScenario({"flows": 200, "flowPackets": 10, "policy": "hash"})
    assert runner.estimated_cost(sc, {"flows": 60, "flowPackets": 50}) == 3000
    assert runner.estimated_cost(sc, {"flows": 60}) == 600          # default flowPackets
    assert runner.estimated_cost(sc, {"policy": "x"}) == 2000       # both defaults
    # options the program does not have, and non-numbers, count 1
    assert runner.estimated_cost(FakeScenario({"vms": 8}), {"mode": "query"}) == 1


def test_longest_first_and_ties_in_study_order():
    sc = FakeScenario({"flows": 200, "flowPackets": 10})
    points = [{"flows": 10}, {"flows": 1000}, {"flows": 100, "flowPackets": 200},
              {"flows": 10}]
    runs = make_runs(points)
    order = runner.longest_first(runs, sc)
    assert [r.key for r in order] == ["k2-0", "k2-1", "k1-0", "k1-1",
                                      "k0-0", "k0-1", "k3-0", "k3-1"]
    # deterministic, independent of the input's identity, and a permutation
    assert [r.key for r in runner.longest_first(list(runs), sc)] == [r.key for r in order]
    assert sorted(r.key for r in order) == sorted(r.key for r in runs)
    # a run's parameters are untouched
    assert {r.key: r.params for r in order} == {r.key: r.params for r in runs}


def test_equal_costs_keep_the_study_order():
    sc = FakeScenario({"flows": 60})
    runs = make_runs([{"policy": p} for p in ["a", "b", "c"]], reps=3)
    assert runner.longest_first(runs, sc) == runs


class RecordingClient:
    """Records what _execute submits, then stops the sweep (as_completed cannot wait on it)."""

    def __init__(self):
        self.submitted = []

    def submit(self, fn, task, pure, priority, key):
        self.submitted.append((task["args"], priority))
        return object()

    def cancel(self, futures):
        pass


def test_execute_submits_longest_first_with_decreasing_priority():
    pytest.importorskip("distributed")
    pytest.importorskip("tqdm")
    sc = FakeScenario({"flows": 200, "flowPackets": 10})
    runs = make_runs([{"flows": 10}, {"flows": 1000}, {"flows": 100}], reps=1)

    class StudyStub:
        timeout = 10
        collect = {}

    client = RecordingClient()
    with pytest.raises(Exception):
        runner._execute(client, sc, StudyStub(), {r.key: r for r in runs}, store=None,
                        build_id="b", res=None, progress=False, log=None, local=False)
    assert [a for a, _ in client.submitted] == [["--flows=1000"], ["--flows=100"],
                                                ["--flows=10"]]
    priorities = [p for _, p in client.submitted]
    assert priorities == sorted(priorities, reverse=True) and len(set(priorities)) == 3
