#!/usr/bin/env node
/**
 * Regenerates cloud-backup-subset.json: the Cloud Backup restore-job and snapshot operations
 * (and the deprecated legacy restoreJobs ones on v2) of MongoDB's Atlas Admin API v2 OpenAPI,
 * with every component they reference, and without the code samples.
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
const PATHS = [
  `${CLUSTER}/backup/restoreJobs`,
  `${CLUSTER}/backup/restoreJobs/{restoreJobId}`,
  `${CLUSTER}/backup/snapshots`,
  `${CLUSTER}/backup/snapshots/{snapshotId}`,
  `${CLUSTER}/backup/snapshots/shardedCluster/{snapshotId}`,
  `${CLUSTER}/backup/snapshots/shardedClusters`,
  `${CLUSTER}/restoreJobs`,
  `${CLUSTER}/restoreJobs/{jobId}`,
  `${CLUSTER}/snapshots`,
];

const spec = YAML.parse(readFileSync(source, "utf8"), { maxAliasCount: -1 });
const out = { openapi: spec.openapi, info: { title: spec.info.title, version: spec.info.version, "x-xgen-sha": spec.info["x-xgen-sha"] }, paths: {}, components: {} };

for (const p of PATHS) {
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
writeFileSync(join(__dirname, "cloud-backup-subset.json"), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${Object.keys(out.paths).length} paths, ${Object.values(out.components).reduce((n, c) => n + Object.keys(c).length, 0)} components`);
