import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import * as path from "node:path";
import { installedCopy, listening, REPO } from "./installed";

// `trtc-local` as scripts start it: it must stop with its parent however it was started. npx does
// not pass SIGTERM on, so the emulator itself notices that its parent has gone.

/** Whether a TCP connection to the URL's port is refused (nothing listens there). */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

test("node .../dist/emulator/cli.js stops cleanly on SIGTERM", async () => {
  const child = spawn(process.execPath, [path.join(REPO, "dist", "emulator", "cli.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await listening(child);
  expect(await refused(url)).toBe(false);
  const closed = once(child, "close");
  child.kill("SIGTERM");
  expect(await closed).toEqual([0, null]);
  expect(await refused(url)).toBe(true);
});

test("npx trtc-local stops when npx is sent SIGTERM, although npx does not pass the signal on", async () => {
  const dir = installedCopy("trtc-cli");
  let group: number | undefined;
  try {
    // Its own process group, so cleanup can reach an emulator left behind if this test fails.
    const child = spawn("npx", ["trtc-local", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"], detached: true });
    group = child.pid;
    const url = await listening(child);
    // "close" comes once every process holding the output pipe has exited: npx, its shell, and the emulator.
    const closed = once(child, "close");
    child.kill("SIGTERM");
    await closed;
    expect(await refused(url)).toBe(true);
  } finally {
    try {
      if (group) process.kill(-group, "SIGKILL");
    } catch {
      // the whole group has exited, as it should
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
