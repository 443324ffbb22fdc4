# Every kind: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# One of each kind of task, with the options the bundled scenarios leave out,
# so that each piece of the programs is written.

import asyncio
import concurrent.futures
import subprocess
import tempfile
import time
import urllib.request

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


def timer(name, delay):
    print(f"{name} started")
    time.sleep(delay)  # blocks this worker thread, not the loop
    print(f"{name} finished")
    return name


def fetch(name, url):
    print(f"{name} started")
    size = 0
    with urllib.request.urlopen(url) as response:
        while chunk := response.read(64 * KiB):
            size += len(chunk)
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


def read_file(name, path, chunk_size):
    print(f"{name} started")
    size = read_chunks(path, chunk_size)
    print(f"{name} finished: {size} bytes")
    return name


def write_chunks(path, size, chunk_size):
    with open(path, "wb") as f:
        for offset in range(0, size, chunk_size):
            f.write(bytes(min(chunk_size, size - offset)))


def write_file(name, size, chunk_size):
    print(f"{name} started")
    write_chunks(temp_file(0), size, chunk_size)
    print(f"{name} finished")
    return name


def run(name, *argv):
    print(f"{name} started")
    returncode = subprocess.run(argv).returncode
    print(f"{name} finished: exit status {returncode}")
    return name


def busy(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:  # pure computation: nothing to await
        n += 1
    return n


def compute(name, seconds):
    print(f"{name} started")
    busy(seconds)  # pure Python holds the GIL: threads take turns
    print(f"{name} finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            loop.run_in_executor(pool, timer, "tick", 0.25),
            *(loop.run_in_executor(pool, timer, f"step {i}", 1.5) for i in range(5, 8)),
            loop.run_in_executor(pool, fetch, "example", "https://example.org/?q={x}"),
            loop.run_in_executor(pool, fetch, "broken", DEMO + "/data?size=1000&delay=100ms&bandwidth=2048&status=503&drop=100"),
            loop.run_in_executor(pool, read_file, "hostname", "/etc/hostname", 4 * KiB),
            loop.run_in_executor(pool, read_file, "small read", temp_file(100), 64 * KiB),
            loop.run_in_executor(pool, write_file, "write", 1 * MiB, 64 * KiB),
            loop.run_in_executor(pool, run, "echo", "echo", "it's {done}"),
            loop.run_in_executor(pool, compute, "in a thread", 0.5),
            loop.run_in_executor(pool, compute, "on the loop", 0.5),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
