# First completed wins: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    # libsoup's max-conns and max-conns-per-host
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=10)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(
            with_deadline(fetch(session, "mirror 1 (slow)", DEMO + "/data?size=262144&delay=900ms"), 1.5),
            with_deadline(fetch(session, "mirror 2 (fast)", DEMO + "/data?size=262144&delay=300ms"), 1.5),
            with_deadline(fetch(session, "mirror 3", DEMO + "/data?size=262144&delay=600ms"), 1.5),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
