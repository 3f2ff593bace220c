// p-retry (and its dependency is-network-error) ship only as ES modules. Jest's CommonJS loader
// cannot load them, so ts-jest transpiles them to CommonJS along with our TypeScript; the
// tsconfig.test.json it uses compiles `await import()` to `require()` for the same reason.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

// The run's own rate windows (provider/sharedRate.ts), which every test process and the `pulumi`
// processes they start inherit: tests never share TRTC's rate with real runs on this machine.
process.env.TRTC_RATE_DIR = mkdtempSync(path.join(tmpdir(), "trtc-rate-jest-"));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(p-retry|is-network-error)/)"],
  testTimeout: 60000,
  globalTeardown: "<rootDir>/test/rateDirTeardown.js",
};
