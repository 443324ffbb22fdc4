# Every kind: sequential
# one after another: each task starts when the previous one ends
#
# One of each kind of task, with the options the bundled scenarios leave out,
# so that each piece of the programs is written.

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


def write_chunks(path, size, chunk_size):
    with open(path, "wb") as f:
        for offset in range(0, size, chunk_size):
            f.write(bytes(min(chunk_size, size - offset)))


async def write_file(name, size, chunk_size):
    print(f"{name} started")
    await asyncio.to_thread(write_chunks, temp_file(0), size, chunk_size)
    print(f"{name} finished")
    return name


async def run(name, *argv):
    print(f"{name} started")
    process = await asyncio.create_subprocess_exec(*argv)
    returncode = await process.wait()
    print(f"{name} finished: exit status {returncode}")
    return name


def busy(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:  # pure computation: nothing to await
        n += 1
    return n


async def compute(name, seconds):
    print(f"{name} started")
    busy(seconds)  # blocks the event loop: no other task runs meanwhile
    print(f"{name} finished")
    return name


async def compute_in_thread(name, seconds):
    print(f"{name} started")
    await asyncio.to_thread(busy, seconds)  # in a worker thread: the loop keeps going
    print(f"{name} finished")
    return name


async def main():
    # libsoup's max-conns and max-conns-per-host
    connector = aiohttp.TCPConnector(limit=10, limit_per_host=2)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.wait_for(timer("tick", 0.25), timeout=1)
        for i in range(5, 8):
            await timer(f"step {i}", 1.5)
        await asyncio.wait_for(fetch(session, "example", "https://example.org/?q={x}"), timeout=5)
        await fetch(session, "broken", DEMO + "/data?size=1000&delay=100ms&bandwidth=2048&status=503&drop=100")
        await read_file("hostname", "/etc/hostname", 4 * KiB)
        await read_file("small read", temp_file(100), 64 * KiB)
        await write_file("write", 1 * MiB, 64 * KiB)
        await run("echo", "echo", "it's {done}")
        await compute_in_thread("in a thread", 0.5)
        await asyncio.wait_for(compute("on the loop", 0.5), timeout=2)


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
