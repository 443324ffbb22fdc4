# libsoup's connection limits: gather
# all at once, like asyncio.gather: the run ends with the last task
#
# 20 requests of 200 ms "at once", with libsoup's default of 2 connections per
# host: they go two by two, and the queue shows before each bar.

import asyncio
import time

import aiohttp

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


async def fetch(session, name, url):
    print(f"{name} started")
    size = 0
    async with session.get(url) as response:
        async for chunk in response.content.iter_chunked(64 * KiB):
            size += len(chunk)  # a tick per chunk received
    print(f"{name} finished: {size} bytes")
    return name


async def main():
    # libsoup's max-conns and max-conns-per-host
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=2)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(
            *(fetch(session, f"request {i}", DEMO + "/data?size=16384&delay=200ms") for i in range(1, 21)),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
