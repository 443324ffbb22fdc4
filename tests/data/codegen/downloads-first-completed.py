# Downloads at limited bandwidth: first-completed
# all at once; the first to finish wins and the rest are cancelled
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


async def main():
    # libsoup's max-conns and max-conns-per-host
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=10)
    async with aiohttp.ClientSession(connector=connector) as session:
        jobs = [
            *(asyncio.create_task(fetch(session, f"download {i}", DEMO + "/data?size=262144&delay=50ms&bandwidth=524288")) for i in range(1, 5)),
        ]
        done, pending = await asyncio.wait(jobs, return_when=asyncio.FIRST_COMPLETED)
        for job in pending:
            job.cancel()  # the first one wins: the rest are cancelled
        await asyncio.gather(*pending, return_exceptions=True)
        print(f"first: {done.pop().result()}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
