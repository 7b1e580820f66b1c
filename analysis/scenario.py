"""A scenario program and its machine-readable options (--describeOptions)."""
import difflib
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

from .errors import AnalysisError
from .worker import build_identity

#: the repository this package lives in
REPO_ROOT = pathlib.Path(__file__).resolve().parents[1]

#: options the toolkit sets itself
RESERVED = {
    "results": "the toolkit writes --results itself",
    "RngRun": "replications are set with 'replications' (RngRun values), not as a parameter",
    "describeOptions": "not a run parameter",
    "checkOptions": "not a run parameter",
}


#: ns-3 Time syntax, as the programs accept it (ns3-module/model/common/time-text.cc):
#: a number and an optional unit; no unit means seconds
TIME_SYNTAX = re.compile(r"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                         r"(y|d|h|min|s|ms|us|ns|ps|fs)?")

#: seconds per unit of TIME_SYNTAX
TIME_UNITS = {"y": 365 * 86400.0, "d": 86400.0, "h": 3600.0, "min": 60.0, "s": 1.0, "ms": 1e-3,
              "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15}


def time_seconds(text):
    """Seconds of a time in ns-3 Time syntax ("5s", "200ms", "1min", "0.01"); None if malformed."""
    m = TIME_SYNTAX.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return None
    return float(m.group(1)) * TIME_UNITS.get(m.group(2) or "s")


def default_bin_dir():
    """$SFC_BIN_DIR, or build/bin in the repository."""
    return pathlib.Path(os.environ.get("SFC_BIN_DIR", REPO_ROOT / "build" / "bin"))


def format_value(value):
    """A parameter value as the program's command line expects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class Scenario:
    """A scenario program: its path, its options and its build identity.

    The options come from the program itself (`--describeOptions`), so the
    toolkit knows every scenario without a list of its own.
    """

    def __init__(self, name, bin_dir=None, path=None):
        if not isinstance(name, str) or not name or "/" in name:
            raise AnalysisError(f"bad scenario name {name!r}")
        self.name = name
        self.path = pathlib.Path(path) if path else pathlib.Path(bin_dir or default_bin_dir()) / name
        self.path = self.path.resolve()
        if not self.path.is_file() or not os.access(self.path, os.X_OK):
            raise AnalysisError(f"scenario program {self.path} not found "
                                f"(build it with ./scripts/build.sh, or give --bin-dir)")
        self._describe = None
        self._build_id = None

    @property
    def description(self):
        if self._describe is None:
            try:
                out = subprocess.run([str(self.path), "--describeOptions"], capture_output=True,
                                     text=True, timeout=120, stdin=subprocess.DEVNULL)
            except (OSError, subprocess.TimeoutExpired) as e:
                raise AnalysisError(f"{self.name} --describeOptions failed: {e}") from None
            if out.returncode != 0:
                last = (out.stderr.strip().splitlines() or ["no message"])[-1]
                raise AnalysisError(f"{self.name} --describeOptions failed "
                                    f"(exit {out.returncode}): {last}")
            try:
                desc = json.loads(out.stdout)
                assert isinstance(desc.get("options"), list)
            except (ValueError, AssertionError, AttributeError):
                raise AnalysisError(f"{self.name} --describeOptions did not print the "
                                    f"expected JSON") from None
            if desc.get("program") != self.name:
                raise AnalysisError(f"{self.path} describes itself as {desc.get('program')!r}, "
                                    f"not {self.name!r}")
            self._describe = desc
        return self._describe

    @property
    def options(self):
        return {o["name"]: o for o in self.description["options"]}

    @property
    def build_id(self):
        if self._build_id is None:
            self._build_id = build_identity(str(self.path))
        return self._build_id

    def choices(self, name):
        opt = self.options.get(name)
        return list(opt.get("choices", [])) if opt else []

    @staticmethod
    def is_attribute(name):
        """An ns-3 attribute override, ns3::Type::Attribute (ns3::sfc::Forwarder::ControlPort):
        passed as --ns3::Type::Attribute=value, checked by the program (--checkOptions)."""
        return (isinstance(name, str) and name.startswith("ns3::") and name.count("::") >= 2
                and all(part and (part[0].isalpha() or part[0] == "_")
                        and all(c.isalnum() or c == "_" for c in part)
                        for part in name.split("::")))

    def check_name(self, name, where):
        if self.is_attribute(name):
            return
        if name in RESERVED:
            raise AnalysisError(f"{where}: '{name}' cannot be set: {RESERVED[name]}")
        if name not in self.options:
            close = difflib.get_close_matches(name, list(self.options), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise AnalysisError(f"{where}: unknown parameter '{name}' for {self.name}{hint}")

    def normalize(self, name, value, where):
        """Check one parameter value against the program's option; return it normalized.

        uint -> int, double -> float, bool -> bool, choice/string -> str; time: a
        number of seconds -> float, or a string in ns-3 Time syntax ("5s", "200ms",
        "1min") kept as given (range-checked in seconds). Raises AnalysisError with a
        one-line message for anything the program would reject.
        """
        self.check_name(name, where)
        if self.is_attribute(name):
            # The program checks the value (type, range, the attribute's checker).
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, float) and not math.isfinite(value):
                raise AnalysisError(f"{where}: {name} = {value!r} is not a finite number")
            if not isinstance(value, (str, int, float)) or (isinstance(value, str) and (
                    not value or "\n" in value or "\0" in value)):
                raise AnalysisError(f"{where}: {name} = {value!r} is not an attribute value "
                                    f"(a string, number or boolean)")
            return value if isinstance(value, str) else format_value(value)
        opt = self.options[name]
        kind = opt.get("type")
        bad = f"{where}: {name} = {value!r}"
        if kind == "uint":
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise AnalysisError(f"{bad} is not a non-negative integer")
            if value < 0:
                raise AnalysisError(f"{bad} is not a non-negative integer")
            self._range(opt, value, bad)
            return int(value)
        if kind == "double":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise AnalysisError(f"{bad} is not a number")
            value = float(value)
            if not math.isfinite(value):
                raise AnalysisError(f"{bad} is not a finite number")
            self._range(opt, value, bad)
            return value
        if kind == "time":
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise AnalysisError(f"{bad} is not a time (seconds, or a string like '5s', "
                                    f"'200ms', '1min')")
            seconds = time_seconds(value) if isinstance(value, str) else float(value)
            if seconds is None:
                raise AnalysisError(f"{bad} is not a time (seconds, or a string like '5s', "
                                    f"'200ms', '1min')")
            if not math.isfinite(seconds):
                raise AnalysisError(f"{bad} is not a finite time")
            self._range(opt, seconds, bad, " s")
            return value if isinstance(value, str) else seconds
        if kind == "bool":
            if not isinstance(value, bool):
                raise AnalysisError(f"{bad} is not true or false")
            return value
        if kind == "choice":
            choices = opt.get("choices", [])
            if not isinstance(value, str) or value not in choices:
                raise AnalysisError(f"{bad} is not one of {', '.join(choices)}")
            return value
        if kind == "string":
            if not isinstance(value, str):
                raise AnalysisError(f"{bad} is not a string")
            if "\n" in value or "\0" in value:
                raise AnalysisError(f"{bad} contains a newline or NUL")
            return value
        raise AnalysisError(f"{where}: option {name} of {self.name} has unknown type {kind!r}")

    @staticmethod
    def _range(opt, value, bad, unit=""):
        lo, hi = opt.get("min"), opt.get("max")
        if lo is not None and value < lo or hi is not None and value > hi:
            raise AnalysisError(f"{bad} is out of range [{lo:g}, {hi:g}]{unit}")

    def args(self, params):
        """Command-line arguments for a parameter dict (without RngRun and results)."""
        return [f"--{k}={format_value(v)}" for k, v in sorted(params.items())]

    def check(self, params, collect=None):
        """Ask the program whether it accepts a parameter dict (its `--checkOptions`, named
        by --describeOptions as "check": it checks everything a run would, cross-option
        constraints and output paths included, and runs nothing). Returns None if it does,
        else its one-line error. A program without the option is not asked."""
        option = self.description.get("check")
        if not option:
            return None
        workdir = tempfile.mkdtemp(prefix="sfc-check-")   # where a run would start
        try:
            cmd = [str(self.path), f"--{option}", *self.args(params)]
            for name, opt in sorted((collect or {}).items()):
                cmd.append(f"--{opt}={os.path.join(workdir, name + '.csv')}")
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                                     timeout=120, stdin=subprocess.DEVNULL, cwd=workdir)
            except (OSError, subprocess.TimeoutExpired) as e:
                return f"--{option} failed: {e}"
            if out.returncode == 0:
                return None
            lines = [ln for ln in out.stderr.strip().splitlines() if ln.strip()]
            line = lines[-1] if lines else f"exit status {out.returncode}"
            prefix = f"{self.name}: error: "
            return line[len(prefix):] if line.startswith(prefix) else line
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def check_all(self, points, collect=None, jobs=None):
        """check() every parameter dict, in parallel; [(index, error)] of those rejected."""
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            errors = list(pool.map(lambda p: self.check(p, collect), points))
        return [(i, e) for i, e in enumerate(errors) if e is not None]
