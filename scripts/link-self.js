// Part of `npm run build`: makes `require("pulumi-trtc/...")` resolve inside this repository, as
// it does in a user's project: the examples (and the root Pulumi.yaml the demo runs) import the
// package by name, and the serialised provider stub loads its runtime by name from the program's
// directory. npm removes the link as extraneous on every install, so each build makes it again.
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
