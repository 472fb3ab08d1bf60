#!/usr/bin/env node
/**
 * Regenerates cloud-backup-subset.json (the Cloud Backup restore-job and snapshot operations, and
 * the deprecated legacy restoreJobs ones on v2) and emulator-subset.json (the legacy snapshot and
 * checkpoint reads, the cluster GET and the Flex backup reads the emulator also serves) from
 * MongoDB's Atlas Admin API v2 OpenAPI, with every component they reference, and without the
 * code samples.
 *
 *   node tests/contract/atlas-openapi/extract.js [path/to/atlas-api-transformed.yaml]
 *
 * The default source is the shared reference beside the repository
 * (../shared/reference/atlas-openapi/, resolved from the repository root).
 */
const { readFileSync, writeFileSync, existsSync } = require("node:fs");
const { join, resolve } = require("node:path");
const YAML = require("yaml");

const REPO = resolve(__dirname, "../../..");
const source = process.argv[2] ?? join(REPO, "..", "shared", "reference", "atlas-openapi", "atlas-api-transformed.yaml");
if (!existsSync(source)) {
  console.error(`OpenAPI file not found at ${source}. Pass its path as the first argument.`);
  process.exit(1);
}

const CLUSTER = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}";
const FLEX = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup";
/**
 * Two subsets: the one the provider's wire types are generated from (its output must not change
 * when the emulator's contract grows), and the further operations only the emulator serves.
 */
const SUBSETS = {
  "cloud-backup-subset.json": [
    `${CLUSTER}/backup/restoreJobs`,
    `${CLUSTER}/backup/restoreJobs/{restoreJobId}`,
    `${CLUSTER}/backup/snapshots`,
    `${CLUSTER}/backup/snapshots/{snapshotId}`,
    `${CLUSTER}/backup/snapshots/shardedCluster/{snapshotId}`,
    `${CLUSTER}/backup/snapshots/shardedClusters`,
    `${CLUSTER}/restoreJobs`,
    `${CLUSTER}/restoreJobs/{jobId}`,
    `${CLUSTER}/snapshots`,
  ],
  "emulator-subset.json": [
    `${CLUSTER}/snapshots/{snapshotId}`,
    `${CLUSTER}/backupCheckpoints`,
    `${CLUSTER}/backupCheckpoints/{checkpointId}`,
    CLUSTER,
    `${FLEX}/restoreJobs`,
    `${FLEX}/restoreJobs/{restoreJobId}`,
    `${FLEX}/snapshots`,
    `${FLEX}/snapshots/{snapshotId}`,
  ],
};

const spec = YAML.parse(readFileSync(source, "utf8"), { maxAliasCount: -1 });
for (const [file, paths] of Object.entries(SUBSETS)) {
  const out = { openapi: spec.openapi, info: { title: spec.info.title, version: spec.info.version, "x-xgen-sha": spec.info["x-xgen-sha"] }, paths: {}, components: {} };
  for (const p of paths) {
    if (!spec.paths[p]) throw new Error(`${p} is not in ${source}`);
    out.paths[p] = JSON.parse(JSON.stringify(spec.paths[p], (k, v) => (k === "x-codeSamples" ? undefined : v)));
  }

  /** Copy every `#/components/<kind>/<name>` reachable from what was copied so far. */
  const pending = [out.paths];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) node.forEach((n) => pending.push(n));
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/")) {
          const [, , kind, name] = v.split("/");
          out.components[kind] ??= {};
          if (!out.components[kind][name]) {
            out.components[kind][name] = spec.components[kind][name];
            pending.push(out.components[kind][name]);
          }
        } else pending.push(v);
      }
    }
  }
  writeFileSync(join(__dirname, file), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${file}: ${Object.keys(out.paths).length} paths, ${Object.values(out.components).reduce((n, c) => n + Object.keys(c).length, 0)} components`);
}
