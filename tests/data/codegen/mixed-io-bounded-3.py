# Mixed I/O: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# A timer, two downloads, a file read and a subprocess side by side on one
# main loop.

import asyncio
import tempfile
import time

import aiohttp

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


async def timer(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def fetch(session, name, url):
    print(f"{name} started")
    size = 0
    async with session.get(url) as response:
        async for chunk in response.content.iter_chunked(64 * KiB):
            size += len(chunk)  # a tick per chunk received
    print(f"{name} finished: {size} bytes")
    return name


def temp_file(size):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.truncate(size)
        return f.name


def read_chunks(path, chunk_size):
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            size += len(chunk)
    return size


async def read_file(name, path, chunk_size):
    print(f"{name} started")
    # asyncio has no file API: the reads go to a worker thread, as GIO's do
    size = await asyncio.to_thread(read_chunks, path, chunk_size)
    print(f"{name} finished: {size} bytes")
    return name


async def run(name, *argv):
    print(f"{name} started")
    process = await asyncio.create_subprocess_exec(*argv)
    returncode = await process.wait()
    print(f"{name} finished: exit status {returncode}")
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
            bounded(semaphore, timer("sleep", 1)),
            bounded(semaphore, fetch(session, "download 1", DEMO + "/data?size=524288&delay=100ms&bandwidth=1048576")),
            bounded(semaphore, fetch(session, "download 2", DEMO + "/data?size=524288&delay=100ms&bandwidth=1048576")),
            bounded(semaphore, read_file("read file", temp_file(64 * MiB), 1 * MiB)),
            bounded(semaphore, run("subprocess", "sleep", "0.8")),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
