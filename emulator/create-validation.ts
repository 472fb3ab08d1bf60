/**
 * Pure: the invalid combinations of atlas-restore-api.md §2.3 as a table of rules, each mapped to
 * the closest documented error code (the docs name none, §8). First failing rule wins; the order
 * puts structural mistakes before semantic ones.
 */
import type { CreateRequest } from "./create-body";
import type { AtlasErrorSpec } from "./errors";
import { atlasError } from "./errors";

type Field = Exclude<keyof CreateRequest, "methodName">;
type Rule = (r: CreateRequest, now: number) => AtlasErrorSpec | undefined;

const has = (r: CreateRequest, f: Field): boolean => r[f] !== undefined;
const DAY_MS = 86_400_000;

/** §2.3 rules 1, 2, 4: the restore point is exactly one of these. Owner listed first wins. */
const EXCLUSIVE: readonly { readonly ref: string; readonly owner: Field; readonly others: readonly Field[] }[] = [
  { ref: "§2.3 rule 1", owner: "snapshotId", others: ["checkpointId", "oplogTs", "oplogInc", "pointInTimeUTCMillis"] },
  { ref: "§2.3 rule 2", owner: "checkpointId", others: ["oplogTs", "oplogInc", "pointInTimeUTCMillis"] },
  { ref: "§2.3 rule 4", owner: "pointInTimeUTCMillis", others: ["oplogTs", "oplogInc"] },
];

/** §2.1: fields that are "Conditional" on one delivery method. */
const HTTP_ONLY: readonly Field[] = ["expirationHours", "maxDownloads"];
const AUTOMATED_ONLY: readonly Field[] = ["targetGroupId", "targetClusterId", "targetClusterName"];
/** §2.3 rule 5: restore points that need AUTOMATED_RESTORE. */
const AUTOMATED_POINTS: readonly Field[] = ["checkpointId", "oplogTs", "oplogInc", "pointInTimeUTCMillis"];

export const REQUEST_RULES: readonly Rule[] = [
  (r) => {
    for (const { owner, others } of EXCLUSIVE) {
      const clash = has(r, owner) ? others.find((o) => has(r, o)) : undefined;
      if (clash) return atlasError("INVALID_ATTRIBUTE", [clash], `${owner} cannot be combined with ${clash}.`);
    }
    return undefined;
  },
  // §2.3 rule 3: oplogTs and oplogInc come together.
  (r) => {
    if (has(r, "oplogTs") !== has(r, "oplogInc")) {
      const missing = has(r, "oplogTs") ? "oplogInc" : "oplogTs";
      return atlasError("MISSING_ATTRIBUTE", [missing], "oplogTs and oplogInc must be set together.");
    }
    return undefined;
  },
  // §2.3 rule 9 (inference): some restore point is required.
  (r) =>
    ["snapshotId", "checkpointId", "oplogTs", "pointInTimeUTCMillis"].some((f) => has(r, f as Field))
      ? undefined
      : atlasError("MISSING_ATTRIBUTE", ["snapshotId"], "Set one of snapshotId, checkpointId, oplogTs + oplogInc or pointInTimeUTCMillis."),
  // §2.3 rules 5 and 8: checkpoint / oplog / PIT restores are automated only.
  (r) => {
    const point = r.methodName !== "AUTOMATED_RESTORE" ? AUTOMATED_POINTS.find((f) => has(r, f)) : undefined;
    return point
      ? atlasError("UNSUPPORTED_DELIVERY_METHOD", [r.methodName], `${point} requires delivery.methodName AUTOMATED_RESTORE.`)
      : undefined;
  },
  // §2.3 rule 6: automated restores name the target project and cluster.
  (r) => {
    if (r.methodName !== "AUTOMATED_RESTORE") return undefined;
    if (!has(r, "targetGroupId")) return atlasError("MISSING_ATTRIBUTE", ["delivery.targetGroupId"]);
    if (!has(r, "targetClusterId") && !has(r, "targetClusterName")) {
      return atlasError("MISSING_ONE_OF_ATTRIBUTES", ["delivery.targetClusterId", "delivery.targetClusterName"]);
    }
    return undefined;
  },
  // §2.1: delivery fields conditional on the other method.
  (r) => {
    const wrong = r.methodName === "HTTP" ? AUTOMATED_ONLY.find((f) => has(r, f)) : HTTP_ONLY.find((f) => has(r, f));
    const other = r.methodName === "HTTP" ? "AUTOMATED_RESTORE" : "HTTP";
    return wrong
      ? atlasError("INVALID_ATTRIBUTE", [`delivery.${wrong}`], `delivery.${wrong} is only valid with methodName ${other}.`)
      : undefined;
  },
  // §2.3 rule 4: "must be within last 24 hours of the current time" (applied to oplogTs too).
  (r, now) => {
    const [field, at] = has(r, "pointInTimeUTCMillis")
      ? ["pointInTimeUTCMillis", r.pointInTimeUTCMillis ?? 0]
      : has(r, "oplogTs") ? ["oplogTs", (r.oplogTs ?? 0) * 1000] : [undefined, 0];
    if (!field) return undefined;
    if (at > now) return atlasError("INVALID_ATTRIBUTE", [field], `${field} is in the future.`);
    if (at < now - DAY_MS) return atlasError("INVALID_ATTRIBUTE", [field], `${field} must be within the last 24 hours.`);
    return undefined;
  },
];

export function validateCreateRequest(r: CreateRequest, now: number): AtlasErrorSpec | undefined {
  for (const rule of REQUEST_RULES) {
    const e = rule(r, now);
    if (e) return e;
  }
  return undefined;
}

export interface ClusterFacts {
  readonly name: string;
  readonly type: "REPLICA_SET" | "SHARDED";
  readonly pitEnabled: boolean;
  readonly mongoDBVersion: string;
}

/** §2.3 rule 7: restore points tied to the cluster topology and version. */
export function validateForCluster(r: CreateRequest, c: ClusterFacts): AtlasErrorSpec | undefined {
  if (has(r, "checkpointId")) {
    if (c.type !== "SHARDED") {
      return atlasError("INVALID_ATTRIBUTE", ["checkpointId"], `Checkpoint restores are for sharded clusters only; ${c.name} is a replica set.`);
    }
    if (versionAtLeast(c.mongoDBVersion, 4, 2)) {
      return atlasError("INVALID_ATTRIBUTE", ["checkpointId"], `Checkpoint restores need FCV 4.0 or earlier; ${c.name} runs ${c.mongoDBVersion}.`);
    }
  }
  const pit = (["pointInTimeUTCMillis", "oplogTs"] as const).find((f) => has(r, f));
  if (pit && c.type === "SHARDED") {
    return atlasError("INVALID_ATTRIBUTE", [pit], `Point-in-time restores are for replica sets only; ${c.name} is sharded.`);
  }
  if (pit && !c.pitEnabled) {
    return atlasError("INVALID_ATTRIBUTE", [pit], `Point-in-time restore is not enabled for cluster ${c.name}.`);
  }
  return undefined;
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [ma = 0, mi = 0] = version.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return ma > major || (ma === major && mi >= minor);
}
