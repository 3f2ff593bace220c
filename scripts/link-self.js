// Makes `require("pulumi-trtc/...")` resolve inside this repository, as it does in a user's
// project: the examples import the package by name, and the serialised provider stub loads its
// runtime by name from the program's directory.
const fs = require("node:fs");
const path = require("node:path");

const link = path.join(__dirname, "..", "node_modules", "pulumi-trtc");
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
  fs.rmSync(link, { force: true });
} catch {
  // not a link yet
}
fs.symlinkSync("..", link, "dir");
