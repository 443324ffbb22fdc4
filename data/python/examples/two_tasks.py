# Two tasks of 2 and 3 seconds run concurrently: the total execution time is
# a little more than 3 seconds, not 5.
import asyncio


# Define an async function for each task
async def long_running_task_1():
    await asyncio.sleep(2)
    print("Task 1 completed")


async def long_running_task_2():
    await asyncio.sleep(3)
    print("Task 2 completed")


# Use asyncio.gather() to run both tasks concurrently
async def main():
    await asyncio.gather(long_running_task_1(), long_running_task_2())

# Run the main function using asyncio.run()
if __name__ == "__main__":
    import time
    start_time = time.time()
    asyncio.run(main())
    print(f"Total execution time: {time.time() - start_time} seconds")
