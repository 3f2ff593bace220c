// Where the keys TRTC calls are signed with come from, against the emulator over real HTTP: stack
// config or the environment (a temporary key with its session token), a tccli profile, and what
// the emulator refuses, as TRTC does, when a temporary key's token is missing or wrong; and a CVM's
// CAM role, whose keys Tencent's instance metadata service hands out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as trtc from "../index";
import { DEFAULT_CREDENTIALS, type RunningEmulator, startEmulator } from "../emulator";
import { TrtcClient } from "../provider/client";
import { resolveSettings } from "../provider/settings";
import { REGION, SECRET_ID, SECRET_KEY } from "./helpers";

const TEMP_ID = "AKIDtemporaryRoleSessionKey";
const TEMP_KEY = "temporary-secret-key";
const TOKEN = "session-token-of-the-temporary-key";

let emulator: RunningEmulator;
let home: string;
const savedHome = process.env.HOME;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, credentials: { ...DEFAULT_CREDENTIALS, [TEMP_ID]: { key: TEMP_KEY, token: TOKEN } } });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.state.reset();
  // tccli's profiles live under the home directory: each test gets its own.
  home = mkdtempSync(path.join(tmpdir(), "trtc-home-"));
  process.env.HOME = home;
});
afterEach(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

/** A client with the settings stack config and `env` give, at the emulator. */
function clientFrom(config: Record<string, string>, env: NodeJS.ProcessEnv = {}): TrtcClient {
  return new TrtcClient(resolveSettings((key) => config[key], { TRTC_ENDPOINT: emulator.url, HOME: home, ...env }), { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 });
}

const describeRooms = (client: TrtcClient) =>
  client.call("DescribeRoomInfo", { SdkAppId: 1400000001, StartTime: Math.floor(Date.now() / 1000) - 3600, EndTime: Math.floor(Date.now() / 1000) }, "read", REGION);

function writeProfile(name: string, content: unknown, dir = path.join(home, ".tccli")): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.credential`), JSON.stringify(content));
}

const callers = () => emulator.state.requests.list().map((r) => [r.secretId, r.outcome]);

describe("a temporary key and its session token", () => {
  test("from stack config, the token goes with every call", async () => {
    await describeRooms(clientFrom({ "trtc:secretId": TEMP_ID, "trtc:secretKey": TEMP_KEY, "trtc:securityToken": TOKEN }));
    expect(callers()).toEqual([[TEMP_ID, "ok"]]);
  });

  test("from the environment, by the names of Tencent's tools", async () => {
    await describeRooms(clientFrom({}, { TENCENTCLOUD_SECRET_ID: TEMP_ID, TENCENTCLOUD_SECRET_KEY: TEMP_KEY, TENCENTCLOUD_SECURITY_TOKEN: TOKEN }));
    expect(callers()).toEqual([[TEMP_ID, "ok"]]);
  });

  test("without its token, the emulator refuses the call as TRTC does", async () => {
    const error = await describeRooms(clientFrom({ "trtc:secretId": TEMP_ID, "trtc:secretKey": TEMP_KEY })).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.TrtcError);
    expect(error.code).toBe("AuthFailure.TokenFailure");
    expect(emulator.state.requests.list().map((r) => r.outcome)).toEqual(["AuthFailure.TokenFailure"]);
  });

  test("with another token, likewise", async () => {
    const error = await describeRooms(clientFrom({ "trtc:secretId": TEMP_ID, "trtc:secretKey": TEMP_KEY, "trtc:securityToken": "stale" })).catch((e) => e);
    expect(error.code).toBe("AuthFailure.TokenFailure");
  });

  test("a long-term key needs none", async () => {
    await describeRooms(clientFrom({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY }));
    expect(callers()).toEqual([[SECRET_ID, "ok"]]);
  });

  test("a token without its key pair is refused before any call", async () => {
    const error = await describeRooms(clientFrom({ "trtc:securityToken": TOKEN })).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ConfigError);
    expect(error.message).toMatch(/trtc:secretId is not set.*trtc:securityToken is the session token/);
    expect(emulator.state.requests.list()).toEqual([]);
  });
});

describe("tccli profiles", () => {
  test("a named profile's temporary key and token authenticate", async () => {
    writeProfile("staging", { secretId: TEMP_ID, secretKey: TEMP_KEY, token: TOKEN });
    await describeRooms(clientFrom({ "trtc:profile": "staging" }));
    expect(callers()).toEqual([[TEMP_ID, "ok"]]);
  });

  test("the default profile is read when nothing else is set; TENCENTCLOUD_PROFILE names another", async () => {
    writeProfile("default", { secretId: SECRET_ID, secretKey: SECRET_KEY });
    writeProfile("ops", { secretId: TEMP_ID, secretKey: TEMP_KEY, token: TOKEN });
    await describeRooms(clientFrom({}));
    await describeRooms(clientFrom({}, { TENCENTCLOUD_PROFILE: "ops" }));
    expect(callers()).toEqual([[SECRET_ID, "ok"], [TEMP_ID, "ok"]]);
  });

  test("keys in stack config win over any profile", async () => {
    writeProfile("default", { secretId: TEMP_ID, secretKey: "wrong" });
    await describeRooms(clientFrom({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY }));
    expect(callers()).toEqual([[SECRET_ID, "ok"]]);
  });

  test("profiles are read from trtc:sharedCredentialsDir when set", async () => {
    const dir = path.join(home, "elsewhere");
    writeProfile("default", { secretId: SECRET_ID, secretKey: SECRET_KEY }, dir);
    await describeRooms(clientFrom({ "trtc:sharedCredentialsDir": dir }));
    expect(callers()).toEqual([[SECRET_ID, "ok"]]);
  });

  test("a script's function call names its profile in its settings", async () => {
    writeProfile("script", { secretId: TEMP_ID, secretKey: TEMP_KEY, token: TOKEN });
    const rooms = await trtc.getRoomInfo(
      { sdkAppId: 1400000001, startTime: Math.floor(Date.now() / 1000) - 3600 },
      { settings: { profile: "script", endpoint: emulator.url, region: REGION } },
    );
    expect(Array.isArray(rooms)).toBe(true);
    expect(new Set(callers().map(([id]) => id))).toEqual(new Set([TEMP_ID]));
  });

  test("a named profile that is not there, or holds no keys, is a ConfigError naming its file", async () => {
    const missing = await describeRooms(clientFrom({ "trtc:profile": "nope" })).catch((e) => e);
    expect(missing).toBeInstanceOf(trtc.ConfigError);
    expect(missing.message).toContain(path.join(home, ".tccli", "nope.credential"));
    writeProfile("empty", { region: "ap-guangzhou" });
    const empty = await describeRooms(clientFrom({ "trtc:profile": "empty" })).catch((e) => e);
    expect(empty.message).toMatch(/empty\.credential holds no secretId and secretKey/);
    expect(emulator.state.requests.list()).toEqual([]);
  });

  test("with nothing set, the error names every way to set credentials", async () => {
    const error = await describeRooms(clientFrom({})).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ConfigError);
    expect(error.message).toMatch(/trtc:secretId.*TENCENTCLOUD_SECRET_ID.*trtc:profile.*trtc:camRoleName/s);
    expect(emulator.state.requests.list()).toEqual([]);
  });
});

/** The CVM instance metadata service's CAM routes ("CAM role of a CVM", Tencent Cloud docs), for one role. */
const METADATA_HOST = "metadata.tencentyun.com";
const ROLES_PATH = "/latest/meta-data/cam/security-credentials/";

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("a CVM's CAM role", () => {
  const ROLE = "trtc-deployer";
  const served: string[] = [];
  let servers: Server[] = [];
  const savedProxy = process.env.http_proxy;
  beforeAll(async () => {
    const metadata = createServer((req, res) => {
      served.push(req.url ?? "");
      if (req.url === ROLES_PATH) return res.end(ROLE);
      if (req.url !== ROLES_PATH + ROLE) return res.writeHead(404).end();
      const expires = Math.floor(Date.now() / 1000) + 3600;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ TmpSecretId: TEMP_ID, TmpSecretKey: TEMP_KEY, Token: TOKEN, ExpiredTime: expires, Expiration: new Date(expires * 1000).toISOString(), Code: "Success" }));
    });
    const metadataPort = await listen(metadata);
    // The SDK reaches hosts through http_proxy when it is set: this one sends the metadata host's
    // traffic to the server above, and everything else (the emulator) where it was going.
    const proxy = createServer();
    proxy.on("connect", (req, socket, head) => {
      const [host, port] = (req.url ?? "").split(":");
      const upstream = connect(host === METADATA_HOST ? metadataPort : Number(port), "127.0.0.1", () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket).on("error", () => socket.destroy());
        socket.pipe(upstream).on("error", () => upstream.destroy());
      });
    });
    process.env.http_proxy = `http://127.0.0.1:${await listen(proxy)}`;
    servers = [metadata, proxy];
  });
  afterAll(async () => {
    if (savedProxy === undefined) delete process.env.http_proxy;
    else process.env.http_proxy = savedProxy;
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  beforeEach(() => served.splice(0));

  test("trtc:camRoleName reads that role's temporary key and token from the instance metadata", async () => {
    await describeRooms(clientFrom({ "trtc:camRoleName": ROLE }));
    expect(callers()).toEqual([[TEMP_ID, "ok"]]);
    expect(served).toEqual([ROLES_PATH + ROLE]);
  });

  test("a tccli profile set to use-cvm-role asks the metadata for the instance's role first", async () => {
    writeProfile("default", { type: "cvm-role" });
    await describeRooms(clientFrom({}));
    expect(callers()).toEqual([[TEMP_ID, "ok"]]);
    expect(served).toEqual([ROLES_PATH, ROLES_PATH + ROLE]);
  });
});
