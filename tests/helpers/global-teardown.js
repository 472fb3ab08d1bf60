const path = require("node:path");
const { newEntries } = require("./repository-guard");

module.exports = async function globalTeardown() {
  const root = path.resolve(__dirname, "../..");
  const written = newEntries(globalThis.__atlasRestoreRepositoryStatus, root);
  if (!written.length) return;
  const message = `Tests wrote into the repository (use a temporary folder instead; docs/development.md, "Tests"):\n  ${written.join("\n  ")}`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n[global-teardown] ${message}`);
};
