#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python probe costs a program (BENCHMARKS.md, "The Python probe").

    /usr/bin/python3 bench/probe-bench.py [--overlap _build/app/overlap] [--tasks 20000]
                                          [--awaits 10] [--repeat 5]

Runs a program of TASKS tasks that each `await asyncio.sleep(0)` AWAITS
times, gathered, three ways: plain; under the probe with nothing listening;
under the probe with Overlap listening (`overlap --headless --listen`, its
own runtime directory). The three run in turn, REPEAT rounds, so that the machine's load
weighs on all alike. Prints each one's wall time (the least and the median;
the whole process: start-up, the run, and for the probe the events it still
has to write at exit), its ratio to the plain run of the same round (median,
min–max), and its CPU time (the least, all its threads) against the plain
run's.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

WORKLOAD = """\
import asyncio
import sys


async def work(awaits):
    for _ in range(awaits):
        await asyncio.sleep(0)


async def main(tasks, awaits):
    await asyncio.gather(*(work(awaits) for _ in range(tasks)))


asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""


def run_once(argv, env):
    """Wall and CPU seconds of one run of @argv, and its stderr."""
    start = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    err = process.stderr.read().decode()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit("probe-bench: %s failed (%d):\n%s" % (" ".join(argv), process.returncode, err))
    return wall, usage.ru_utime + usage.ru_stime, err


def count_instructions(argv, env, tmp):
    out = os.path.join(tmp, "callgrind.out")
    _, _, err = run_once(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv, env)
    match = re.search(r"Collected : (\d+)", err)
    if match is None:
        sys.exit("probe-bench: no count from callgrind:\n%s" % err)
    return int(match.group(1))


def start_overlap(overlap, runtime):
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime)
    listener = subprocess.Popen([overlap, "--headless", "--listen"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = listener.stdout.readline()
    match = re.match(r"Listening for programs on (\S+)", line)
    if match is None:
        listener.kill()
        sys.exit("probe-bench: %s --headless --listen said %r" % (overlap, line))
    return listener, match.group(1)


def wait_for_ended(listener, n_tasks=None):
    """Overlap's own line for the run: every task arrived (if @n_tasks),
    nothing in its note."""
    while True:
        line = listener.stdout.readline()
        if not line:
            sys.exit("probe-bench: Overlap stopped")
        if line.startswith("←"):
            if n_tasks is not None and not line.rstrip().endswith(", %d tasks" % n_tasks):
                sys.exit("probe-bench: not every task arrived: %s" % line.strip())
            return line.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--overlap", default=os.path.join(TOP, "_build", "app", "overlap"))
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--awaits", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--instructions", action="store_true",
                        help="also count each one's instructions, once, under valgrind's callgrind "
                             "(slow, but the same on a quiet machine and a busy one)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="probe-bench-") as tmp:
        script = os.path.join(tmp, "probe_bench_workload.py")
        with open(script, "w") as f:
            f.write(WORKLOAD)
        sizes = [str(options.tasks), str(options.awaits)]
        env = dict(os.environ, PYTHONPATH=os.path.join(TOP, "data", "python"),
                   PYTHONDONTWRITEBYTECODE="1")
        nowhere = dict(env, OVERLAP_FEED=os.path.join(tmp, "nobody-listens.sock"))
        probe = [PYTHON, "-m", "overlap_probe", script] + sizes

        runtime = os.path.join(tmp, "runtime")
        os.mkdir(runtime, 0o700)
        listener, path = start_overlap(options.overlap, runtime)
        modes = [("plain", [PYTHON, script] + sizes, env),
                 ("probe, nothing listening", probe, nowhere),
                 ("probe, Overlap listening", probe, dict(env, OVERLAP_FEED=path))]
        walls = {name: [] for name, _, _ in modes}
        cpus = {name: [] for name, _, _ in modes}
        try:
            # one of each in turn, so that the machine's load weighs on all alike
            for _ in range(options.repeat):
                for name, argv, mode_env in modes:
                    wall, cpu, err = run_once(argv, mode_env)
                    if mode_env is not nowhere and err:
                        sys.exit("probe-bench: the probe said: %s" % err.strip())
                    if name == modes[2][0]:
                        ended = wait_for_ended(listener, options.tasks + 1)
                    walls[name].append(wall)
                    cpus[name].append(cpu)
            if options.instructions:
                counts = {name: count_instructions(argv, mode_env, tmp) for name, argv, mode_env in modes}
                # under valgrind the probe's thread may not keep up: what it drops is not
                # what is measured here
                counted = wait_for_ended(listener)
        finally:
            listener.terminate()
            listener.wait()

    print("# %d tasks × %d await asyncio.sleep(0), gathered; %d rounds of the three (%s)"
          % (options.tasks, options.awaits, options.repeat, PYTHON))
    print("%-26s %8s %8s %8s   %-24s %8s" % ("", "min s", "median s", "CPU s", "× plain, per round", "× CPU"))
    plain_walls, plain_cpu = walls["plain"], min(cpus["plain"])
    for name, _, _ in modes:
        ratios = [wall / plain for wall, plain in zip(walls[name], plain_walls)]
        print("%-26s %8.3f %8.3f %8.3f   %-24s %8.2f"
              % (name, min(walls[name]), statistics.median(walls[name]), min(cpus[name]),
                 "%.2f (%.2f–%.2f)" % (statistics.median(ratios), min(ratios), max(ratios)),
                 min(cpus[name]) / plain_cpu))
    print("# Overlap: %s" % ended)
    if options.instructions:
        print("# instructions (callgrind, all threads): " + "; ".join(
            "%s %.3g, %.3f×" % (name, counts[name], counts[name] / counts["plain"]) for name, _, _ in modes))
        print("# Overlap, under valgrind: %s" % counted)


if __name__ == "__main__":
    main()
