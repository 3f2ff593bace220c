// Removes the run's rate windows (jest.config.js made the directory) once every test has ended.
const { rmSync } = require("node:fs");

module.exports = async () => {
  if (process.env.TRTC_RATE_DIR) rmSync(process.env.TRTC_RATE_DIR, { recursive: true, force: true });
};
