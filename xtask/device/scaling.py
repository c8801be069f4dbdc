#!/usr/bin/env python3
"""The scaling rows of BENCHMARKS.md ("On 16 cores"), for a many-core machine without a Rust
toolchain: release binaries are copied into `.devbin/` at the repository root (`callspec`,
`callspec-before` from an earlier commit to compare with, `callspec-bench-loops`), the logs are
made there with `callspec generate` on every core, then each configuration is timed in
interleaved rounds (wall time, and peak RSS per child from `wait4`) and the medians printed.
Results go to $OUT/scaling.json and $OUT/scaling.md as they come.

Environment: UNIFORM and MIXED (records), ROUNDS, BUDGET (seconds before rounds stop), QUICK
(only the uniform log's limits, -j1, -jN and --no-semantic -jN). `cargo xtask bench` is the
harness for the machine it runs on; this script is its many-core complement."""
import json, os, statistics, subprocess, sys, time

B = os.path.join(os.getcwd(), ".devbin")
OUT = os.environ.get("OUT", "/tmp")
T0 = time.time()
BUDGET = float(os.environ.get("BUDGET", "430"))
CORES = os.cpu_count()

def log(*a):
    print(f"[{time.time()-T0:6.1f}s]", *a, flush=True)

def run(argv, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")[-400:]
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, code, err

def parallel(argvs):
    start = time.perf_counter()
    procs = [subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for a in argvs]
    codes = [p.wait() for p in procs]
    return time.perf_counter() - start, codes

def generate(resource, kind, count, seed, path, parts=16):
    per = count // parts
    files = []
    procs = []
    for i in range(parts):
        f = f"{path}.part{i:02}"
        files.append(f)
        procs.append(subprocess.Popen([f"{B}/callspec", "generate", "--resource", resource, "--kind", kind,
                                       "--count", str(per), "--seed", str(seed + i)], stdout=open(f, "wb")))
    for p in procs:
        assert p.wait() == 0
    with open(path, "wb") as out:
        for f in files:
            with open(f, "rb") as src:
                while chunk := src.read(1 << 24):
                    out.write(chunk)
            os.remove(f)
    subprocess.run(["split", "-n", f"l/{CORES}", "-d", "-a", "2", path, path + ".shard"], check=True)
    return sorted(p for p in (os.path.join(os.path.dirname(path), n) for n in os.listdir(os.path.dirname(path)))
                  if p.startswith(path + ".shard"))

os.chdir("/tmp")
log("cores", CORES, subprocess.run(["sh", "-c", "lscpu | grep 'Model name'"], capture_output=True, text=True).stdout.strip())
uni = "/tmp/work/uniform.ndjson"; mixed = "/tmp/work/mixed.ndjson"
os.makedirs("/tmp/work", exist_ok=True)
UN = int(os.environ.get("UNIFORM", "2000000")); MN = int(os.environ.get("MIXED", "500000"))
ushards = generate("bandwidth/voice-v2/call-state", "valid", UN, 100, uni)
log("uniform", os.path.getsize(uni), "bytes")
mshards = generate("all", "edge", MN, 300, mixed) if MN else []
log("mixed", os.path.getsize(mixed) if MN else 0, "bytes")
R = "bandwidth/voice-v2/call-state"
configs = []
def v(binary, path, jobs, *extra):
    return [f"{B}/{binary}", "validate", "--format", "json", "-j", str(jobs), *extra, path]
configs.append(("uniform", "parse limit (serde_json Value, 1 thread)", ("one", [f"{B}/callspec-bench-loops", "parse", uni])))
configs.append(("uniform", "raw engine loop (1 thread)", ("one", [f"{B}/callspec-bench-loops", "engine", uni, "--resource", R])))
configs.append(("uniform", f"parse limit, {CORES} shards at once", ("par", [[f"{B}/callspec-bench-loops", "parse", s] for s in ushards])))
configs.append(("uniform", f"raw engine loop, {CORES} shards at once", ("par", [[f"{B}/callspec-bench-loops", "engine", s, "--resource", R] for s in ushards])))
for j in [1, 2, 4, 8, 16]:
    if j <= CORES:
        configs.append(("uniform", f"callspec -j{j}", ("one", v("callspec", uni, j))))
for j in [1, 16]:
    configs.append(("uniform", f"callspec --no-semantic -j{j}", ("one", v("callspec", uni, j, "--no-semantic"))))
    configs.append(("uniform", f"before the pipeline -j{j}", ("one", v("callspec-before", uni, j))))
for j in [1, 4, 16]:
    configs.append(("mixed", f"callspec -j{j}", ("one", v("callspec", mixed, j))))
for j in [1, 16]:
    configs.append(("mixed", f"callspec --no-semantic -j{j}", ("one", v("callspec", mixed, j, "--no-semantic"))))
    configs.append(("mixed", f"before the pipeline -j{j}", ("one", v("callspec-before", mixed, j))))
if os.environ.get("QUICK"):
    configs = []
    def v(binary, path, jobs, *extra):
        return [f"{B}/{binary}", "validate", "--format", "json", "-j", str(jobs), *extra, path]
    configs.append(("uniform", "parse limit (serde_json Value, 1 thread)", ("one", [f"{B}/callspec-bench-loops", "parse", uni])))
    configs.append(("uniform", f"raw engine loop, {CORES} shards at once", ("par", [[f"{B}/callspec-bench-loops", "engine", s, "--resource", R] for s in ushards])))
    configs.append(("uniform", "callspec -j1", ("one", v("callspec", uni, 1))))
    configs.append(("uniform", f"callspec -j{CORES}", ("one", v("callspec", uni, CORES))))
    configs.append(("uniform", f"callspec --no-semantic -j{CORES}", ("one", v("callspec", uni, CORES, "--no-semantic"))))
results = {f"{w} | {name}": [] for w, name, _ in configs}
rss = {k: [] for k in results}
rounds = int(os.environ.get("ROUNDS", "3"))
for r in range(rounds):
    for w, name, (how, argv) in configs:
        if time.time() - T0 > BUDGET:
            break
        key = f"{w} | {name}"
        if how == "one":
            wall, mib, cpu, code, err = run(argv)
            if code not in (0, 1):
                log("FAILED", key, code, err)
            rss[key].append(mib)
        else:
            wall, codes = parallel(argv)
            if any(c != 0 for c in codes):
                log("FAILED", key, codes)
        results[key].append(wall)
        log(f"round {r}", key, f"{wall:.3f}s")
    with open(f"{OUT}/scaling.json", "w") as f:
        json.dump({"cores": CORES, "uniform_records": UN, "mixed_records": MN, "uniform_bytes": os.path.getsize(uni),
                   "mixed_bytes": os.path.getsize(mixed) if MN else 0, "walls": results, "peak_rss_mib": rss}, f, indent=1)
lines = ["| log | run | median wall (s) | runs | peak RSS (MiB) |", "|---|---|---:|---:|---:|"]
for key, walls in results.items():
    if walls:
        w, name = key.split(" | ", 1)
        m = max(rss[key]) if rss[key] else None
        lines.append(f"| {w} | {name} | {statistics.median(walls):.3f} | {len(walls)} | {'' if m is None else f'{m:.0f}'} |")
open(f"{OUT}/scaling.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
log("done")
