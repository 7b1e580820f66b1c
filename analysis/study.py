"""Studies: a scenario, a parameter grid, derived values, fixed values and replications.

A study expands into runs. Every grid point is run with the same list of
RngRun values, so runs that differ only in the compared factors (policy,
instance count, ...) share their random numbers (common random numbers) and
see identical flows.
"""
import ast
import copy
import hashlib
import itertools
import json
import math
import operator
import pathlib
import tomllib
from dataclasses import dataclass, field

from .errors import AnalysisError
from . import paired
from .figures import check_declarations, check_report

#: keys of a study file's top level
STUDY_KEYS = {"name", "scenario", "description", "replications", "where", "timeout",
              "fixed", "grid", "derived", "collect", "report", "figure"}
#: keys of the [report] table
REPORT_KEYS = {"title", "metrics", "x", "series", "paired", "baseline"}

#: value of a grid entry that means "every value the program accepts" (choice and bool options)
ALL = "*"

#: most runs a study may expand into unless the caller (--max-runs) allows more
DEFAULT_MAX_RUNS = 100000
#: largest study file read (bytes)
MAX_STUDY_BYTES = 1 << 20


# --------------------------------------------------------------------------- expressions

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
           ast.Pow: operator.pow}
_CMPOPS = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
           ast.NotIn: lambda a, b: a not in b}
#: TOML spellings of the booleans, usable in expressions
_CONSTS = {"true": True, "false": False}
_FUNCS = {"min": min, "max": max, "abs": abs, "round": round, "int": int, "float": float,
          "str": str, "bool": bool, "len": len, "ceil": math.ceil, "floor": math.floor,
          "sqrt": math.sqrt}


class Expression:
    """A small, safe Python expression over parameter names (no attributes, no imports).

    Arithmetic, comparisons, and/or/not, `a if c else b`, true/false, string concatenation,
    f-strings, tuples/lists, and the functions min max abs round int float str
    bool len ceil floor sqrt.
    """

    def __init__(self, text, where):
        self.text = text
        self.where = where
        try:
            self.tree = ast.parse(text, mode="eval")
        except SyntaxError as e:
            raise AnalysisError(f"{where}: bad expression {text!r}: {e.msg}") from None
        for node in ast.walk(self.tree):
            ok = isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp,
                                   ast.Compare, ast.IfExp, ast.Call, ast.Name, ast.Load,
                                   ast.Constant, ast.Tuple, ast.List, ast.JoinedStr,
                                   ast.FormattedValue, ast.And, ast.Or, ast.Not, ast.USub,
                                   ast.UAdd, *_BINOPS, *_CMPOPS))
            if isinstance(node, ast.Call):
                ok = isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords
            if not ok:
                raise AnalysisError(f"{where}: {type(node).__name__} is not allowed in "
                                    f"expression {text!r}")

    def names(self):
        return ({n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name)}
                - set(_FUNCS) - set(_CONSTS))

    def __call__(self, env):
        try:
            return self._eval(self.tree.body, env)
        except AnalysisError:
            raise
        except Exception as e:  # ZeroDivisionError, TypeError, ...
            raise AnalysisError(f"{self.where}: {self.text!r} fails for "
                                f"{_short(env)}: {e}") from None

    def _eval(self, node, env):
        ev = lambda n: self._eval(n, env)  # noqa: E731
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in _FUNCS:
                return _FUNCS[node.id]
            if node.id not in env and node.id in _CONSTS:
                return _CONSTS[node.id]
            if node.id not in env:
                raise AnalysisError(f"{self.where}: {self.text!r} uses '{node.id}', which is "
                                    f"not a parameter of the study")
            return env[node.id]
        if isinstance(node, ast.BinOp):
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return {ast.USub: operator.neg, ast.UAdd: operator.pos,
                    ast.Not: operator.not_}[type(node.op)](v)
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                v = True
                for x in node.values:
                    v = ev(x)
                    if not v:
                        return v
                return v
            v = False
            for x in node.values:
                v = ev(x)
                if v:
                    return v
            return v
        if isinstance(node, ast.Compare):
            left = ev(node.left)
            for op, comp in zip(node.ops, node.comparators):
                right = ev(comp)
                if not _CMPOPS[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return ev(node.body) if ev(node.test) else ev(node.orelse)
        if isinstance(node, ast.Call):
            return _FUNCS[node.func.id](*[ev(a) for a in node.args])
        if isinstance(node, (ast.Tuple, ast.List)):
            return [ev(e) for e in node.elts]
        if isinstance(node, ast.JoinedStr):
            return "".join(str(ev(v)) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            v = ev(node.value)
            spec = ev(node.format_spec) if node.format_spec is not None else ""
            return format(v, spec)
        raise AnalysisError(f"{self.where}: cannot evaluate {self.text!r}")


def _short(env):
    text = ", ".join(f"{k}={v!r}" for k, v in env.items())
    return text if len(text) < 200 else text[:197] + "..."


# --------------------------------------------------------------------------- runs

def canonical(params):
    """Canonical JSON of a parameter dict: the identity of a run's parameters."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def run_key(scenario, params):
    """sha256 of the scenario name and the canonical parameters (RngRun included)."""
    return hashlib.sha256(f"{scenario}\n{canonical(params)}".encode()).hexdigest()


@dataclass(frozen=True)
class Run:
    """One run of a study: a grid point with one RngRun."""
    key: str
    params: dict          # every parameter the study sets, normalized, RngRun included
    point: int            # index of the grid point
    replication: int      # index into the RngRun list
    rng_run: int


# --------------------------------------------------------------------------- study

@dataclass
class Study:
    """A study, from a TOML file (Study.load) or from Python.

    scenario:     program name in the bin directory (e.g. "sfc-stickiness")
    grid:         {parameter: [values] | value | "*"}; the cartesian product is swept;
                  "*" = every choice of a choice option (both values of a bool)
    fixed:        {parameter: value} for every run
    derived:      {parameter: "expression" | callable(params) -> value}, evaluated per
                  grid point in order, over the grid, fixed and earlier derived values
    replications: a count n (RngRun 1..n) or a list of RngRun values
    where:        optional expression (or callable) keeping only grid points where true
    collect:      {table name: option of the program that writes a CSV file} stored per run
    timeout:      seconds per run before it is killed and recorded as failed
    report:       {title, metrics (summary-table columns), x, series, paired, baseline}
                  for plots/report (paired, baseline: paired differences, paired.py)
    figures:      figure declarations ([[figure]] tables: kind, metric, x, series, facets,
                  name, title, ylabel; figures.py), checked against the study's parameters
    """
    scenario: str
    grid: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    replications: object = 1
    name: str = "study"
    description: str = ""
    where: object = None
    collect: dict = field(default_factory=dict)
    timeout: float = 3600.0
    report: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)
    source: str = None            # the study file's text, kept in the database
    origin: str = "<python>"      # where the study came from, for messages
    source_path: str = None       # the study file's absolute path (its identity in a database)

    # ----------------------------------------------------------------- loading

    @classmethod
    def load(cls, path):
        path = pathlib.Path(path)
        try:
            if path.is_file() and path.stat().st_size > MAX_STUDY_BYTES:
                raise AnalysisError(f"study file {path} is larger than {MAX_STUDY_BYTES} bytes")
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise AnalysisError(f"cannot read study file {path}: {e.strerror}") from None
        except UnicodeDecodeError as e:
            raise AnalysisError(f"study file {path} is not UTF-8 text (byte 0x{e.object[e.start]:02x} "
                                f"at offset {e.start})") from None
        study = cls.from_toml(text, name=path.stem, origin=str(path))
        study.source_path = str(path.resolve())
        return study

    @classmethod
    def from_toml(cls, text, name="study", origin="<toml>"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise AnalysisError(f"{origin}: not valid TOML: {e}") from None
        unknown = sorted(set(data) - STUDY_KEYS)
        if unknown:
            raise AnalysisError(f"{origin}: unknown key '{unknown[0]}' "
                                f"(known: {', '.join(sorted(STUDY_KEYS))})")
        if "scenario" not in data:
            raise AnalysisError(f"{origin}: 'scenario' is missing (the program to run: "
                                f"its name in the bin directory)")
        kw = {k: data[k] for k in data if k != "figure"}
        if "figure" in data:
            kw["figures"] = data["figure"]
        kw.setdefault("name", name)
        return cls(**kw, source=text, origin=origin)

    def __post_init__(self):
        self.check_shape()

    def check_shape(self):
        """Checks that need no program: types of the study's own fields."""
        o = self.origin
        if not isinstance(self.scenario, str) or not self.scenario:
            raise AnalysisError(f"{o}: 'scenario' must be a program name")
        if not isinstance(self.name, str) or not self.name or "/" in self.name:
            raise AnalysisError(f"{o}: 'name' must be a non-empty string without '/'")
        t = self.timeout
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t) or t <= 0:
            raise AnalysisError(f"{o}: timeout must be a positive, finite number of seconds")
        for tname in ("grid", "fixed", "derived", "collect", "report"):
            if not isinstance(getattr(self, tname), dict):
                raise AnalysisError(f"{o}: '{tname}' must be a table")
        for k, v in self.grid.items():
            if isinstance(v, list) and not v:
                raise AnalysisError(f"{o}: grid.{k} is an empty list")
            if isinstance(v, dict):
                raise AnalysisError(f"{o}: grid.{k} must be a list of values")
        for k, v in self.derived.items():
            if not (isinstance(v, str) or callable(v)):
                raise AnalysisError(f"{o}: derived.{k} must be an expression string")
        both = (set(self.grid) & set(self.fixed)) | (set(self.derived) & (set(self.grid)
                                                                          | set(self.fixed)))
        if both:
            raise AnalysisError(f"{o}: parameter '{sorted(both)[0]}' is set twice "
                                f"(grid, fixed and derived must not overlap)")
        reps = self.replications
        if isinstance(reps, bool):
            raise AnalysisError(f"{o}: replications must be a count or a list of RngRun values")
        if isinstance(reps, int):
            if reps < 1:
                raise AnalysisError(f"{o}: replications = {reps} must be at least 1")
        elif isinstance(reps, list):
            if not reps or any(isinstance(r, bool) or not isinstance(r, int) or r < 0
                               for r in reps):
                raise AnalysisError(f"{o}: replications must be a count or a non-empty list "
                                    f"of non-negative RngRun integers")
            if len(set(reps)) != len(reps):
                raise AnalysisError(f"{o}: replications lists an RngRun value twice")
        else:
            raise AnalysisError(f"{o}: replications must be a count or a list of RngRun values")
        if self.where is not None and not (isinstance(self.where, str) or callable(self.where)):
            raise AnalysisError(f"{o}: 'where' must be an expression string")
        for k, v in self.collect.items():
            if not isinstance(v, str) or not k.isidentifier():
                raise AnalysisError(f"{o}: collect.{k} must name the program's CSV option, "
                                    f"e.g. flows = \"flowsCsv\"")
        unknown = sorted(set(self.report) - REPORT_KEYS)
        if unknown:
            raise AnalysisError(f"{o}: unknown key report.{unknown[0]} "
                                f"(known: {', '.join(sorted(REPORT_KEYS))})")
        if "metrics" in self.report and not (isinstance(self.report["metrics"], list) and all(
                isinstance(m, str) for m in self.report["metrics"])):
            raise AnalysisError(f"{o}: report.metrics must be a list of metric names")
        params = [*self.grid, *self.fixed, *self.derived]
        check_report(self.report, params, o)
        paired.check(self.report, params, o)
        self.figures = check_declarations(self.figures, params, o)

    # ----------------------------------------------------------------- expansion

    @property
    def rng_runs(self):
        if isinstance(self.replications, int):
            return list(range(1, self.replications + 1))
        return list(self.replications)

    def grid_values(self, scenario):
        """{parameter: [normalized values]} with "*" expanded from the program's options."""
        values = {}
        for k, v in self.grid.items():
            where = f"{self.origin}: grid.{k}"
            scenario.check_name(k, where)
            if v == ALL and scenario.is_attribute(k):
                raise AnalysisError(f"{where}: \"*\" needs a choice or bool option, {k} is an "
                                    f"attribute")
            if v == ALL:
                opt = scenario.options[k]
                if opt.get("type") == "choice":
                    v = list(opt.get("choices", []))
                elif opt.get("type") == "bool":
                    v = [False, True]
                else:
                    raise AnalysisError(f"{where}: \"*\" needs a choice or bool option, "
                                        f"{k} is {opt.get('type')}")
            if not isinstance(v, list):
                v = [v]
            normalized = [scenario.normalize(k, x, where) for x in v]
            if len({canonical(x) for x in normalized}) != len(normalized):
                raise AnalysisError(f"{where} lists a value twice")
            values[k] = normalized
        return values

    def varying(self, scenario):
        """Grid parameters with more than one value (the compared factors)."""
        return [k for k, v in self.grid_values(scenario).items() if len(v) > 1]

    def points(self, scenario):
        """Grid points: parameter dicts (without RngRun), validated against the program."""
        fixed = {k: scenario.normalize(k, v, f"{self.origin}: fixed.{k}")
                 for k, v in self.fixed.items()}
        for name, option in self.collect.items():
            scenario.check_name(option, f"{self.origin}: collect.{name}")
            if scenario.is_attribute(option) or scenario.options[option].get("type") != "string":
                raise AnalysisError(f"{self.origin}: collect.{name}: option {option} does not "
                                    f"take a file name")
            if option in fixed or option in self.grid or option in self.derived:
                raise AnalysisError(f"{self.origin}: collect.{name}: {option} is also set as a "
                                    f"parameter")
        derived = {}
        for k, v in self.derived.items():
            where = f"{self.origin}: derived.{k}"
            scenario.check_name(k, where)
            derived[k] = Expression(v, where) if isinstance(v, str) else v
        where = None
        if self.where is not None:
            where = (Expression(self.where, f"{self.origin}: where")
                     if isinstance(self.where, str) else self.where)
        grid = self.grid_values(scenario)
        names = list(grid)
        points, seen = [], set()
        for combo in itertools.product(*(grid[k] for k in names)):
            params = dict(fixed)
            params.update(zip(names, combo))
            for k, fn in derived.items():
                value = fn(dict(params))
                params[k] = scenario.normalize(k, value, f"{self.origin}: derived.{k} "
                                                         f"(for {_short(dict(zip(names, combo)))})")
            if where is not None:
                keep = where(dict(params))
                if not isinstance(keep, bool):
                    raise AnalysisError(f"{self.origin}: where must give true or false, "
                                        f"got {keep!r}")
                if not keep:
                    continue
            key = canonical(params)
            if key not in seen:
                seen.add(key)
                points.append(params)
        if not points:
            raise AnalysisError(f"{self.origin}: the study has no runs (where excludes every "
                                f"grid point)")
        return points

    def runs(self, scenario, max_runs=DEFAULT_MAX_RUNS):
        """Every run of the study, checked against the program's options; at most max_runs
        (counted over the whole grid before `where`, so that a huge study is refused before
        it is expanded)."""
        if scenario.name != self.scenario:
            raise AnalysisError(f"{self.origin}: study is for {self.scenario}, "
                                f"not {scenario.name}")
        combos = math.prod(len(v) for v in self.grid_values(scenario).values())
        reps = self.replications if isinstance(self.replications, int) else len(self.replications)
        if combos * reps > max_runs:
            raise AnalysisError(f"{self.origin}: the study has {combos * reps} runs, more than "
                                f"--max-runs ({max_runs}): {combos} grid points"
                                f"{' before where' if self.where is not None else ''} x "
                                f"{reps} replications; raise --max-runs to run it")
        runs = []
        for i, point in enumerate(self.points(scenario)):
            for j, rng in enumerate(self.rng_runs):
                params = dict(point, RngRun=rng)
                runs.append(Run(run_key(self.scenario, params), params, i, j, rng))
        return runs

    def spec(self, scenario):
        """A JSON-able description of the study as run (kept in the database)."""
        return {
            "name": self.name, "scenario": self.scenario, "description": self.description,
            "grid": self.grid_values(scenario),
            "fixed": {k: scenario.normalize(k, v, "fixed") for k, v in self.fixed.items()},
            "derived": {k: (v if isinstance(v, str) else getattr(v, "__name__", "<callable>"))
                        for k, v in self.derived.items()},
            "where": self.where if isinstance(self.where, str) or self.where is None
            else "<callable>",
            "replications": self.rng_runs, "collect": dict(self.collect),
            "timeout": self.timeout, "report": copy.deepcopy(self.report),
            "figures": copy.deepcopy(self.figures),
            "varying": self.varying(scenario),
            "origin": self.source_path or self.origin,
        }
