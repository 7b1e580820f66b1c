"""What runs on a worker: one scenario run, and the build identity of a program.

This module imports only the standard library, and the sweep ships it to Dask
workers by value (cloudpickle), so a worker needs nothing but Debian's
python3-distributed and the scenario program at the same path.
"""
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timezone

#: characters of stderr kept for a failed run
STDERR_TAIL = 4000

#: a run's temporary folder: sfc-run-<pid of the process that made it>-<random>
WORKDIR_PREFIX = "sfc-run-"
WORKDIR_NAME = re.compile(r"sfc-run-([0-9]+)-[A-Za-z0-9_]+")

#: libraries installed by the system's package manager
SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/lib32/", "/usr/lib32/")



def _state():
    """This process's caches and running scenario processes. Created on first use and never
    referenced by name, so shipping this module's functions by value ships none of it."""
    st = globals().get("_STATE")
    if st is None:
        st = globals().setdefault("_STATE", {"files": {}, "identity": {}, "running": set(),
                                             "lock": threading.Lock()})
    return st


def _file_sha256(path):
    st = os.stat(path)
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns)
    cache = _state()["files"]
    digest = cache.get(key)
    if digest is None:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        cache[key] = digest
    return digest


def shared_libraries(path):
    """The shared objects the dynamic loader resolves for program `path` (ldd), in ldd order."""
    try:
        out = subprocess.run(["ldd", path], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return []
    libs = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if "=>" in line:
            target = line.split("=>", 1)[1].strip().split(" (")[0].strip()
        else:
            target = line.split(" (")[0].strip()
        if target.startswith("/") and os.path.exists(target):
            libs.append(target)
    return libs


def build_identity(path):
    """sha256 over the program and every shared library it loads (see README, build identity):
    the content of the program and of every library outside the system directories (the
    project's libns3-sfc.so), the name, size and modification time of system libraries
    (Debian's ns-3, libc, ...).

    Cached per process by (path, size, mtime) of the program and of each library.
    """
    st = os.stat(path)
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns)
    cache = _state()["identity"]
    cached = cache.get(key)
    if cached is not None and all(_file_unchanged(p, k) for p, k in cached[1]):
        return cached[0]
    h = hashlib.sha256()
    parts = []
    for p in [path] + shared_libraries(path):
        s = os.stat(p)
        parts.append((p, (s.st_size, s.st_mtime_ns)))
        if p != path and os.path.realpath(p).startswith(SYSTEM_LIB_DIRS):
            # installed by the package manager: its size and mtime (kept from the package)
            # identify the version without reading ~100 MB of ns-3 libraries every time
            fingerprint = f"{s.st_size}:{s.st_mtime_ns // 1_000_000_000}"
        else:
            fingerprint = _file_sha256(p)
        h.update(os.path.basename(p).encode() + b"\0" + fingerprint.encode() + b"\n")
    identity = "sha256:" + h.hexdigest()
    cache[key] = (identity, parts)
    return identity


def _file_unchanged(path, key):
    try:
        s = os.stat(path)
    except OSError:
        return False
    return (s.st_size, s.st_mtime_ns) == key


def kill_running():
    """Kill the scenario processes this process is running (an interrupted local sweep)."""
    st = _state()
    with st["lock"]:
        for proc in list(st["running"]):
            try:
                proc.kill()
            except OSError:
                pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def clean_stale_workdirs(base=None):
    """Remove the temporary folders of runs whose process is gone (a sweep killed with -9
    never reaches its clean-up): this user's sfc-run-PID-* folders in the temporary
    directory whose PID is not a live process. Returns how many were removed."""
    base = base or tempfile.gettempdir()
    removed = 0
    try:
        entries = list(os.scandir(base))
    except OSError:
        return 0
    for entry in entries:
        m = WORKDIR_NAME.fullmatch(entry.name)
        try:
            if (not m or not entry.is_dir(follow_symlinks=False)
                    or entry.stat(follow_symlinks=False).st_uid != os.getuid()
                    or _alive(int(m.group(1)))):
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += 1
    return removed


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _last_line(text):
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def run_one(task):
    """Run one scenario run described by `task` (a dict made by analysis.sweep); never raises.

    task: path, scenario, args (list of --name=value), rng_run, build_id (expected),
          timeout_s, collect ({table name: option name of a CSV file the program writes}).
    Returns a dict: status ("ok"|"failed"), exit_code, wall_s, metrics, parameters,
    stderr_tail, error (one line), host, build_id, started_at, finished_at, tables
    ({name: CSV text}).
    """
    result = {"status": "failed", "exit_code": None, "wall_s": None, "metrics": None,
              "parameters": None, "stderr_tail": None, "error": None,
              "host": socket.gethostname(), "build_id": None, "started_at": _now(),
              "finished_at": None, "tables": {}}
    path = task["path"]
    try:
        result["build_id"] = build_identity(path)
    except OSError as e:
        result["error"] = f"cannot read program {path} on {result['host']}: {e.strerror}"
        result["finished_at"] = _now()
        return result
    if result["build_id"] != task["build_id"]:
        result["error"] = (f"build identity of {path} on {result['host']} is "
                           f"{result['build_id'][:19]}, the sweep expects {task['build_id'][:19]}")
        result["finished_at"] = _now()
        return result

    st = _state()
    if not st.get("cleaned"):    # once per worker process: what killed runs left on this host
        st["cleaned"] = True
        clean_stale_workdirs()
    workdir = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
    try:
        results_file = os.path.join(workdir, "results.jsonl")
        cmd = [path, *task["args"], f"--RngRun={task['rng_run']}", f"--results={results_file}"]
        for name, option in sorted(task.get("collect", {}).items()):
            cmd.append(f"--{option}={os.path.join(workdir, name + '.csv')}")
        setpriv = shutil.which("setpriv")
        if setpriv:
            # the run dies with the thread that started it, even if the sweep is killed -9
            cmd = [setpriv, "--pdeathsig", "KILL", "--", *cmd]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=workdir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, errors="replace")
        st = _state()
        with st["lock"]:
            st["running"].add(proc)
        try:
            _, stderr = proc.communicate(timeout=task.get("timeout_s"))
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
            result["wall_s"] = time.monotonic() - start
            result["stderr_tail"] = (stderr or "")[-STDERR_TAIL:]
            result["error"] = f"timed out after {task.get('timeout_s'):g} s"
            return result
        finally:
            with st["lock"]:
                st["running"].discard(proc)
        result["wall_s"] = time.monotonic() - start
        result["exit_code"] = proc.returncode
        if proc.returncode != 0:
            result["stderr_tail"] = stderr[-STDERR_TAIL:]
            if proc.returncode < 0:
                try:
                    signame = signal.Signals(-proc.returncode).name
                except ValueError:
                    signame = str(-proc.returncode)
                result["error"] = f"killed by {signame}"
                line = _last_line(stderr)
                if line:
                    result["error"] += f": {line}"
            else:
                result["error"] = (_last_line(stderr)
                                   or f"exit status {proc.returncode}")
            return result
        try:
            with open(results_file, encoding="utf-8") as f:
                lines = [ln for ln in f.read().splitlines() if ln.strip()]
        except OSError:
            lines = []
        if len(lines) != 1:
            result["stderr_tail"] = stderr[-STDERR_TAIL:]
            result["error"] = f"expected one results line in --results, found {len(lines)}"
            return result
        try:
            row = json.loads(lines[0])
        except ValueError as e:
            result["error"] = f"results line is not JSON: {e}"
            return result
        if not isinstance(row, dict) or not isinstance(row.get("metrics"), dict):
            result["error"] = "results line has no \"metrics\" object"
            return result
        if row.get("scenario") != task["scenario"]:
            result["error"] = f"results line is from scenario {row.get('scenario')!r}"
            return result
        for name in sorted(task.get("collect", {})):
            p = os.path.join(workdir, name + ".csv")
            if os.path.exists(p):
                with open(p, encoding="utf-8", errors="replace") as f:
                    result["tables"][name] = f.read()
        try:  # which Dask worker ran it (its package is there whenever Dask runs this)
            from distributed import get_worker
            result["host"] += " " + get_worker().address
        except (ImportError, ValueError):
            pass
        result["metrics"] = row["metrics"]
        result["parameters"] = row.get("parameters")
        result["status"] = "ok"
        return result
    except Exception as e:  # a worker must report, never raise
        result["error"] = f"{type(e).__name__}: {e}"
        return result
    finally:
        result["finished_at"] = _now()
        shutil.rmtree(workdir, ignore_errors=True)
