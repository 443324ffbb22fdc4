# First completed wins: sequential
# one after another: each task starts when the previous one ends
#
# asyncio.wait(return_when=FIRST_COMPLETED): three mirrors are asked for the
# same file; the first answer wins and the others are cancelled.

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
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=10)
    async with aiohttp.ClientSession(connector=connector) as session:
        await fetch(session, "mirror 1 (slow)", DEMO + "/data?size=262144&delay=900ms")
        await fetch(session, "mirror 2 (fast)", DEMO + "/data?size=262144&delay=300ms")
        await fetch(session, "mirror 3", DEMO + "/data?size=262144&delay=600ms")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
