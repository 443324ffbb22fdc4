# A web scraper opening 100 connections: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# 100 pages of 64 KiB from the demo server, each answering after 200 ms. One
# by one they take 20 s; all at once, with 100 connections allowed, about 0.2
# s; with libsoup's default of 2 connections per host they queue.

import asyncio
import concurrent.futures
import time
import urllib.request

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


def fetch(name, url):
    print(f"{name} started")
    size = 0
    with urllib.request.urlopen(url) as response:
        while chunk := response.read(64 * KiB):
            size += len(chunk)
    print(f"{name} finished: {size} bytes")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            *(loop.run_in_executor(pool, fetch, f"page {i}", DEMO + "/data?size=65536&delay=200ms") for i in range(1, 101)),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
