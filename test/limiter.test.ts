import { RateLimiter } from "../provider/limiter";

// The limiter on Jest's fake clock: which calls go out when, without waiting in real time.

afterEach(() => jest.useRealTimers());

test("no more than the limit start in any rolling window, and the rest wait their turn", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20);
  const started: number[] = [];
  const calls = Array.from({ length: 45 }, () => limiter.run("DescribeStreamIngest", async () => started.push(Date.now())));

  await jest.advanceTimersByTimeAsync(5000);
  await Promise.all(calls);

  expect(started).toHaveLength(45);
  for (const t of started) expect(started.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(20);
  expect(started.filter((t) => t === 0)).toHaveLength(20);
  expect(Math.max(...started)).toBe(2000);
});

test("actions are limited separately", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(1);
  const started: Record<string, number> = {};
  const calls = ["A", "B"].map((key) => limiter.run(key, async () => (started[key] = Date.now())));
  await jest.advanceTimersByTimeAsync(0);
  await Promise.all(calls);
  expect(started).toEqual({ A: 0, B: 0 });
});

test("a key's own rate: 5 a second, or one call every 15 seconds", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20);
  const usage: number[] = [];
  const rooms: number[] = [];
  const calls = [
    ...Array.from({ length: 12 }, () => limiter.run("DescribeTrtcUsage", async () => usage.push(Date.now()), { calls: 5, perSeconds: 1 })),
    ...Array.from({ length: 3 }, () => limiter.run("DescribeTrtcRoomUsage", async () => rooms.push(Date.now()), { calls: 1, perSeconds: 15 })),
  ];
  await jest.advanceTimersByTimeAsync(60_000);
  await Promise.all(calls);
  expect(usage).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  expect(rooms).toEqual([0, 15_000, 30_000]);
});

// TRTC counts a call when it arrives, anywhere between sending and answering: only a window after
// the answer is the call surely out of TRTC's window, however slow its way there was.
test("a call keeps its place until a window after its answer", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(1);
  const first = await limiter.acquire("A");
  let secondAt: number | undefined;
  const second = limiter.acquire("A").then(() => (secondAt = Date.now()));

  await jest.advanceTimersByTimeAsync(300);
  first();
  await jest.advanceTimersByTimeAsync(999);
  expect(secondAt).toBeUndefined();
  await jest.advanceTimersByTimeAsync(1);
  await second;
  expect(secondAt).toBe(1300);
});

test("a call still in flight keeps its place however long it takes", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(2);
  const inFlight = await Promise.all([limiter.acquire("A"), limiter.acquire("A")]);
  let thirdAt: number | undefined;
  const third = limiter.acquire("A").then(() => (thirdAt = Date.now()));

  await jest.advanceTimersByTimeAsync(5000);
  expect(thirdAt).toBeUndefined();
  inFlight[1]!();
  await jest.advanceTimersByTimeAsync(1000);
  await third;
  expect(thirdAt).toBe(6000);
});

test("run gives the place back when the call fails, and the failure reaches the caller", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(1);
  await expect(limiter.run("A", () => Promise.reject(new Error("dropped")))).rejects.toThrow("dropped");
  let nextAt: number | undefined;
  const next = limiter.run("A", async () => (nextAt = Date.now()));
  await jest.advanceTimersByTimeAsync(1000);
  await next;
  expect(nextAt).toBe(1000);
});
