// Preloaded (NODE_OPTIONS=--require) into every Node process a bench command starts when
// `npm run bench -- --cpu-prof DIR` asks for profiles: Node 20 refuses --cpu-prof in NODE_OPTIONS, so
// the profile is taken through the inspector. Plain JavaScript: the processes run without ts-node.
"use strict";
const { Session } = require("node:inspector");
const { mkdirSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.TRTC_BENCH_CPU_PROF_DIR;
const script = process.argv[1];
// `node -e` one-liners (the provider shim's module lookup) are not worth a profile.
if (dir && script) {
  // The program is `.../cmd/run`, the dynamic provider `.../cmd/dynamic-provider/index.js`.
  const name = path.basename(path.basename(script) === "index.js" ? path.dirname(script) : script);
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-process session answers synchronously, so this works in an exit handler too.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  // The engine ends its provider processes with a signal: write the profile, then end as the signal would.
  for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15]]) {
    process.once(signal, () => {
      write();
      process.exit(128 + number);
    });
  }
}
