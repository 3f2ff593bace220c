import { RateLimiter } from "../provider/limiter";

// The limiter on Jest's fake clock: which calls go out when, without waiting in real time.

afterEach(() => jest.useRealTimers());

test("no more than the limit start in any rolling window, and the rest wait their turn", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20, 1000);
  const started: number[] = [];
  const calls = Array.from({ length: 45 }, () => limiter.acquire("DescribeStreamIngest").then(() => started.push(Date.now())));

  await jest.advanceTimersByTimeAsync(5000);
  await Promise.all(calls);

  expect(started).toHaveLength(45);
  for (const t of started) expect(started.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(20);
  expect(started.filter((t) => t === 0)).toHaveLength(20);
  expect(Math.max(...started)).toBe(2000);
});

test("actions are limited separately", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(1, 1000);
  const started: Record<string, number> = {};
  const calls = ["A", "B"].map((key) => limiter.acquire(key).then(() => (started[key] = Date.now())));
  await jest.advanceTimersByTimeAsync(0);
  await Promise.all(calls);
  expect(started).toEqual({ A: 0, B: 0 });
});

test("a key's own rate: 5 a second, or one call every 15 seconds", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20, 1000);
  const usage: number[] = [];
  const rooms: number[] = [];
  const calls = [
    ...Array.from({ length: 12 }, () => limiter.acquire("DescribeTrtcUsage", { calls: 5, perSeconds: 1 }).then(() => usage.push(Date.now()))),
    ...Array.from({ length: 3 }, () => limiter.acquire("DescribeTrtcRoomUsage", { calls: 1, perSeconds: 15 }).then(() => rooms.push(Date.now()))),
  ];
  await jest.advanceTimersByTimeAsync(60_000);
  await Promise.all(calls);
  expect(usage).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  expect(rooms).toEqual([0, 15_000, 30_000]);
});
