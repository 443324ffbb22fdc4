# A web scraper opening 100 connections: first-completed
# all at once; the first to finish wins and the rest are cancelled
#
# 100 pages of 64 KiB from the demo server, each answering after 200 ms. One
# by one they take 20 s; all at once, with 100 connections allowed, about 0.2
# s; with libsoup's default of 2 connections per host they queue.

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
    connector = aiohttp.TCPConnector(limit=100, limit_per_host=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        jobs = [
            *(asyncio.create_task(fetch(session, f"page {i}", DEMO + "/data?size=65536&delay=200ms")) for i in range(1, 101)),
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
