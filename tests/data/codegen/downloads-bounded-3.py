# Downloads at limited bandwidth: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# Four downloads of 256 KiB at 512 KiB/s each, streamed in chunks: a tick per
# chunk received.

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


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    # libsoup's max-conns and max-conns-per-host
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=10)
    async with aiohttp.ClientSession(connector=connector) as session:
        semaphore = asyncio.Semaphore(3)
        await asyncio.gather(
            *(bounded(semaphore, fetch(session, f"download {i}", DEMO + "/data?size=262144&delay=50ms&bandwidth=524288")) for i in range(1, 5)),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
