# SPDX-License-Identifier: GPL-3.0-or-later
# What a user would pick instead of Overlap's engine: asyncio.gather of N asyncio.sleep(d).
# Usage: /usr/bin/python3 asyncio-gather.py N SECONDS
# Prints the same lines as `bench-engine --mode`: wall and CPU time of the gather, in µs.
import asyncio
import resource
import sys
import time


def cpu_us():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1e6


async def main(n, seconds):
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(n)))


n = int(sys.argv[1])
seconds = float(sys.argv[2])
cpu0, wall0 = cpu_us(), time.monotonic()
asyncio.run(main(n, seconds))
wall1, cpu1 = time.monotonic(), cpu_us()
print("wall_us %d" % ((wall1 - wall0) * 1e6))
print("cpu_us %d" % (cpu1 - cpu0))
print("rss_kib %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
