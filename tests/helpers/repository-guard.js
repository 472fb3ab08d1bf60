// Tests write nothing into the repository (reports, screenshots, stack files, scratch folders
// go to temporary folders). globalSetup notes what `git status` shows once the build is done;
// globalTeardown names every path that appeared or changed since: a failure under CI=true, a
// warning otherwise (a developer may be editing files while the suite runs).
const { spawnSync } = require("node:child_process");

/** `git status` entries (untracked and ignored folders collapsed), or undefined outside a git checkout. */
function repositoryStatus(root) {
  const r = spawnSync("git", ["status", "--porcelain", "--ignored=matching", "--untracked-files=normal", "-z"], { cwd: root, encoding: "utf8" });
  return r.status === 0 ? new Set(r.stdout.split("\0").filter(Boolean)) : undefined;
}

function newEntries(before, root) {
  const after = repositoryStatus(root);
  if (!before || !after) return [];
  return [...after].filter((e) => !before.has(e));
}

module.exports = { repositoryStatus, newEntries };
