// p-retry (and its dependency is-network-error) ship only as ES modules. Jest's CommonJS loader
// cannot load them, so ts-jest transpiles them to CommonJS along with our TypeScript; the
// tsconfig.test.json it uses compiles `await import()` to `require()` for the same reason.
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
};
