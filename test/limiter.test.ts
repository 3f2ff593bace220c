import { RateLimiter } from "../provider/limiter";

// The limiter on Jest's fake clock (Date and timers are the test's): which calls go out when,
// without waiting in real time.

afterEach(() => jest.useRealTimers());

test("alone, calls go out at twice the even pace while the window has room, no more than the limit in any rolling window", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20);
  const started: number[] = [];
  const calls = Array.from({ length: 45 }, () => limiter.run("DescribeStreamIngest", async () => started.push(Date.now())));

  await jest.advanceTimersByTimeAsync(5000);
  await Promise.all(calls);

  expect(started).toHaveLength(45);
  for (const t of started) expect(started.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(20);
  expect(started).toEqual(Array.from({ length: 45 }, (_, i) => Math.floor(i / 20) * 1000 + (i % 20) * 25));
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
    ...Array.from({ length: 7 }, () => limiter.run("DescribeTrtcUsage", async () => usage.push(Date.now()), { calls: 5, perSeconds: 1 })),
    ...Array.from({ length: 3 }, () => limiter.run("DescribeTrtcRoomUsage", async () => rooms.push(Date.now()), { calls: 1, perSeconds: 15 })),
  ];
  await jest.advanceTimersByTimeAsync(60_000);
  await Promise.all(calls);
  expect(usage).toEqual([0, 100, 200, 300, 400, 1000, 1100]);
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
  first("ok");
  await jest.advanceTimersByTimeAsync(999);
  expect(secondAt).toBeUndefined();
  await jest.advanceTimersByTimeAsync(1);
  await second;
  expect(secondAt).toBe(1300);
});

test("a call still in flight keeps its place however long it takes", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(2);
  const inFlight = [await limiter.acquire("A")];
  const next = limiter.acquire("A");
  await jest.advanceTimersByTimeAsync(500);
  inFlight.push(await next);
  let thirdAt: number | undefined;
  const third = limiter.acquire("A").then(() => (thirdAt = Date.now()));

  await jest.advanceTimersByTimeAsync(5000);
  expect(thirdAt).toBeUndefined();
  inFlight[1]("ok");
  await jest.advanceTimersByTimeAsync(1000);
  await third;
  expect(thirdAt).toBe(6500);
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

const THROTTLED = new Error("RequestLimitExceeded");
const isThrottled = (e: unknown) => e === THROTTLED;

/** Sends `count` calls on `key` one after another, each answered at once: ok, or throttled when `throttle` says so. */
async function sendInTurn(limiter: RateLimiter, count: number, throttle: (i: number) => boolean): Promise<number[]> {
  const sentAt: number[] = [];
  for (let i = 0; i < count; i++) {
    await limiter
      .run("A", async () => {
        sentAt.push(Date.now());
        if (throttle(i)) throw THROTTLED;
      }, undefined, isThrottled)
      .catch((e) => {
        if (e !== THROTTLED) throw e;
      });
  }
  return sentAt;
}

/** A limiter at 20/s whose 11th call is throttled after 10 were accepted within the second: the account had room for about 10 of ours. */
async function throttledAfterTen(): Promise<RateLimiter> {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20);
  const done = sendInTurn(limiter, 11, (i) => i === 10);
  await jest.advanceTimersByTimeAsync(1000);
  await done;
  return limiter;
}

test("a throttled answer lowers the share to what TRTC accepted in the window, and frees its place", async () => {
  const limiter = await throttledAfterTen();
  expect(limiter.share("A")).toBeCloseTo(9, 5);
  // 9 places now, and the window holds the 10 accepted calls but not the throttled one: the next
  // goes out when two have left it (the second was sent at 25 ms), not three.
  const next = sendInTurn(limiter, 1, () => false);
  await jest.advanceTimersByTimeAsync(1100);
  expect(await next).toEqual([1025]);
});

test("one throttle in a quiet moment keeps 30 % of the share at least; calls sent before a cut do not cut again", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new RateLimiter(20);
  const handles = [await limiter.acquire("A")];
  const second = limiter.acquire("A");
  await jest.advanceTimersByTimeAsync(50);
  handles.push(await second);
  // Both in flight when TRTC throttles them: one answer tells of the share they were sent at.
  handles[0]("throttled");
  expect(limiter.share("A")).toBeCloseTo(20 * 0.3 * 0.9, 5);
  handles[1]("throttled");
  expect(limiter.share("A")).toBeCloseTo(20 * 0.3 * 0.9, 5);
});

test("the share grows back along the cubic curve as calls succeed, up to the whole rate", async () => {
  const limiter = await throttledAfterTen();
  const shares: number[] = [];
  for (let second = 1; second <= 14; second++) {
    const calls = sendInTurn(limiter, 1, () => false);
    await jest.advanceTimersByTimeAsync(1000);
    await calls;
    shares.push(limiter.share("A")!);
  }
  // Back near the throttled peak (10) in cbrt(10 × 0.1 ÷ 0.02) ≈ 3.7 s, a plateau, then faster beyond it.
  expect(shares[0]).toBeLessThan(9.6);
  expect(shares[3]).toBeGreaterThan(9.9);
  expect(shares[4] - shares[3]).toBeLessThan(0.1);
  expect(shares[9] - shares[8]).toBeGreaterThan(1);
  expect(shares.at(-1)).toBe(20);
  for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
});

/** One account's rate, as TRTC and the emulator keep it: accepted calls in a rolling second; a throttled call is not counted. */
class Account {
  private hits: number[] = [];
  readonly answers: { at: number; ok: boolean }[] = [];
  constructor(private readonly calls: number) {}
  arrive(now: number): boolean {
    this.hits = this.hits.filter((t) => t > now - 1000);
    const ok = this.hits.length < this.calls;
    if (ok) this.hits.push(now);
    this.answers.push({ at: now, ok });
    return ok;
  }
}

test("three processes sharing one account's 20/s all finish, with few throttled answers and never over the rate", async () => {
  jest.useFakeTimers({ now: 0 });
  const account = new Account(20);
  const PER_PROCESS = 100;
  const transitMs = 8;
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const processes = Array.from({ length: 3 }, async () => {
    const limiter = new RateLimiter(20);
    let attempts = 0;
    // A call retried while throttled, as the client does; 8 at once, as Pulumi runs steps.
    const call = async (): Promise<void> => {
      for (;;) {
        attempts++;
        const ok = await limiter
          .run("StartStreamIngest", async () => {
            await delay(transitMs);
            const accepted = account.arrive(Date.now());
            await delay(transitMs);
            if (!accepted) throw THROTTLED;
          }, undefined, isThrottled)
          .then(() => true, () => false);
        if (ok) return;
      }
    };
    let begun = 0;
    const step = async () => {
      while (begun < PER_PROCESS) {
        begun++;
        await call();
      }
    };
    await Promise.all(Array.from({ length: 8 }, step));
    return attempts;
  });
  await jest.advanceTimersByTimeAsync(120_000);
  const attempts = await Promise.all(processes);

  const accepted = account.answers.filter((a) => a.ok);
  const throttled = account.answers.filter((a) => !a.ok);
  expect(accepted).toHaveLength(300);
  expect(attempts.reduce((a, b) => a + b)).toBe(account.answers.length);
  expect(throttled.length).toBeGreaterThan(0);
  expect(throttled.length / account.answers.length).toBeLessThanOrEqual(0.05);
  // Together near the account's rate: the 300 calls in at most 1.2 × the 15 s the rate allows.
  expect(Math.max(...accepted.map((a) => a.at))).toBeLessThanOrEqual(1.2 * 15_000);
});
