#!/usr/bin/python3
"""Attribute the samples of a `perf record` profile to the module, ns-3, the C/C++
runtime and the rest, by the shared object each sample's instruction is in (self
time, not children), and list the hottest symbols of each part.

  perf record -g -o /tmp/sfc.perf build/bin/sfc-stickiness
  scripts/perf-attribute.py /tmp/sfc.perf              # reads it with `perf report`
  scripts/perf-attribute.py --report report.txt        # or a saved `perf report -t '\\t'`
                                                       # --sort dso,sym -F overhead,dso,sym

Parts: "module" = libns3-sfc.so and the scenario/benchmark programs (sfc-*),
"ns-3" = libns3*.so (Debian's ns-3 libraries), "libc/libstdc++" = libc, libstdc++,
libm, libgcc_s and the dynamic loader, "kernel" = [kernel.kallsyms] and the like,
"other" = everything else (OpenSSL, Boost has no shared library here, ...).
"""
import argparse
import collections
import re
import subprocess
import sys

PARTS = ["module", "ns-3", "libc/libstdc++", "kernel", "other"]


def part_of(dso):
    """The part a shared object (perf's dso column) belongs to."""
    name = dso.strip().rsplit("/", 1)[-1]
    if name.startswith("libns3-sfc") or name.startswith("sfc-"):
        return "module"
    if name.startswith("libns3"):
        return "ns-3"
    if re.match(r"(libc[.-]|libstdc\+\+|libm[.-]|libgcc_s|ld-linux|libpthread)", name):
        return "libc/libstdc++"
    if name.startswith("[") or name in ("kernel", "vmlinux"):
        return "kernel"
    return "other"


def perf_report(data):
    """Text of `perf report` over data: overhead<TAB>dso<TAB>symbol, self time."""
    cmd = ["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none",
           "--percent-limit", "0", "--sort", "dso,sym", "-F", "overhead,dso,sym", "-t", "\t"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"perf-attribute: {' '.join(cmd)} failed: {out.stderr.strip()[-300:]}")
    return out.stdout


def parse(text):
    """[(percent, dso, symbol)] from the report's lines (comments and blanks skipped)."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        m = re.match(r"\s*([0-9.]+)%", fields[0])
        if not m:
            continue
        sym = re.sub(r"^\s*\[[^\]]*\]\s*", "", fields[2]).strip()
        rows.append((float(m.group(1)), fields[1].strip(), sym))
    return rows


def perf_script(data):
    """Samples of a profile recorded with a call graph: [[(symbol, dso)], ...], leaf first."""
    cmd = ["perf", "script", "-i", data, "-F", "ip,sym,dso"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"perf-attribute: {' '.join(cmd)} failed: {out.stderr.strip()[-300:]}")
    return parse_script(out.stdout)


def parse_script(text):
    """[[(symbol, dso)]] from `perf script -F ip,sym,dso`: blank lines end a sample; an
    inlined frame belongs to the shared object of the next real frame below it."""
    samples, frames = [], []
    for line in text.splitlines() + [""]:
        m = re.match(r"\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$", line)
        if m:
            frames.append([m.group(1).strip(), m.group(2).strip()])
            continue
        if not line.strip() and frames:
            below = "[unknown]"
            for f in reversed(frames):
                if f[1] == "inlined":
                    f[1] = below
                else:
                    below = f[1]
            samples.append([tuple(f) for f in frames])
            frames = []
    return samples


def attribute_by_caller(samples, top=8):
    """Like attribute(), but a sample in libc/libstdc++ or the kernel (malloc, free,
    memcpy, dynamic_cast, a system call) is charged to the nearest caller in the module or
    in ns-3: who asked for the allocation. Percentages of all samples."""
    share = collections.OrderedDict((p, 0.0) for p in PARTS)
    per_symbol = collections.Counter()
    n = len(samples)
    for frames in samples:
        part, sym, dso = part_of(frames[0][1]), frames[0][0], frames[0][1]
        if part in ("libc/libstdc++", "kernel"):
            for s_, d_ in frames[1:]:
                if part_of(d_) in ("module", "ns-3"):
                    part, sym, dso = part_of(d_), s_, d_
                    break
        share[part] += 100.0 / n
        per_symbol[(part, sym, dso)] += 100.0 / n
    symbols = {p: [] for p in PARTS}
    for (p, sym, dso), pct in per_symbol.items():
        symbols[p].append((pct, sym, dso))
    for p in PARTS:
        symbols[p].sort(key=lambda t: (-t[0], t[1]))
        del symbols[p][top:]
    return share, symbols


def attribute(rows, top=8):
    """{part: percent}, {part: [(percent, symbol, dso)] hottest first}."""
    share = collections.OrderedDict((p, 0.0) for p in PARTS)
    symbols = {p: [] for p in PARTS}
    for pct, dso, sym in rows:
        p = part_of(dso)
        share[p] += pct
        symbols[p].append((pct, sym, dso))
    for p in PARTS:
        symbols[p].sort(key=lambda t: (-t[0], t[1]))
        del symbols[p][top:]
    return share, symbols


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default="perf.data", help="perf.data file")
    ap.add_argument("--report", help="a saved perf report (tab-separated) instead of DATA")
    ap.add_argument("--top", type=int, default=8, help="symbols listed per part")
    ap.add_argument("--by-caller", action="store_true",
                    help="charge libc/libstdc++ and kernel samples to their nearest caller in "
                         "the module or ns-3 (needs a call graph: perf record --call-graph "
                         "dwarf)")
    args = ap.parse_args(argv)
    if args.by_caller:
        samples = perf_script(args.data)
        if not samples:
            sys.exit("perf-attribute: no samples in the profile")
        share, symbols = attribute_by_caller(samples, args.top)
        title = "by caller %"
    else:
        text = open(args.report).read() if args.report else perf_report(args.data)
        rows = parse(text)
        if not rows:
            sys.exit("perf-attribute: no samples in the report")
        share, symbols = attribute(rows, args.top)
        title = "self %"
    total = sum(share.values())
    print(f"{'part':<16}{title:>12}")
    for p in PARTS:
        print(f"{p:<16}{share[p]:>12.2f}")
    print(f"{'total':<16}{total:>12.2f}")
    for p in PARTS:
        if not symbols[p]:
            continue
        print(f"\n{p}: hottest symbols ({title})")
        for pct, sym, dso in symbols[p]:
            print(f"  {pct:6.2f}  {sym[:100]}  [{dso.rsplit('/', 1)[-1]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
