# SPDX-License-Identifier: GPL-3.0-or-later
# aiohttp fetching N times URL with at most LIMIT connections (limit_per_host too),
# each body read in 64 KiB chunks and dropped, as Overlap's http task does.
# Usage: /usr/bin/python3 aiohttp-get.py URL N LIMIT [sequential]
# Prints wall and CPU time of the fetches, in µs, as `bench-http --mode overlap` does.
import asyncio
import resource
import sys
import time

import aiohttp


def cpu_us():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1e6


async def fetch(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        size = 0
        async for chunk in response.content.iter_chunked(64 * 1024):
            size += len(chunk)
        return size


async def main(url, n, limit, sequential):
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit)
    async with aiohttp.ClientSession(connector=connector) as session:
        if sequential:
            sizes = [await fetch(session, url) for _ in range(n)]
        else:
            sizes = await asyncio.gather(*(fetch(session, url) for _ in range(n)))
    return sum(sizes)


url, n, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sequential = len(sys.argv) > 4 and sys.argv[4] == "sequential"
cpu0, wall0 = cpu_us(), time.monotonic()
total = asyncio.run(main(url, n, limit, sequential))
wall1, cpu1 = time.monotonic(), cpu_us()
print("wall_us %d" % ((wall1 - wall0) * 1e6))
print("cpu_us %d" % (cpu1 - cpu0))
print("bytes %d" % total)
