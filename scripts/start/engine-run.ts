/**
 * Either engine's state after the drill → an EngineRun: the plan's children (secrets redacted)
 * for the report, and each download's URLs in plaintext for the terminal (masked unless
 * --show-secrets). Secrets arrive wrapped (`{sig, value}`, the local engine) or decrypted by
 * `pulumi stack export --show-secrets` (`{sig, plaintext: <JSON>}`).
 */
import { BUILTIN_PLAN_NAME } from "../../drill/builtin-plan";
import { CHILD_TYPES, childOutcomes, nameOfUrn, type StateResource } from "../../drill/report/child-outcome";
import { legacyPartName } from "../../drill/report/entry-parts";
import { isWrappedSecret } from "../../provider/resource/secret-outputs";
import type { EngineRun, LabelledUrls } from "./summary";

export function engineRunOf(stack: string, entryKeys: readonly string[], resources: readonly StateResource[], failures: ReadonlyMap<string, string>, errors: string[]): EngineRun {
  const urls: Record<string, LabelledUrls> = {};
  for (const key of entryKeys) {
    const r = resources.find((x) => CHILD_TYPES.has(x.type) && nameOfUrn(x.urn) === `${BUILTIN_PLAN_NAME}-${key}`);
    const found = r ? urlsOf(CHILD_TYPES.get(r.type) === "RestoreJob", reveal(r.outputs ?? {}) as Record<string, unknown>) : [];
    if (found.length > 0) urls[key] = found;
  }
  return { stack, children: childOutcomes(BUILTIN_PLAN_NAME, entryKeys, resources, failures), urls, errors };
}

function urlsOf(legacy: boolean, outputs: Record<string, unknown>): LabelledUrls {
  if (legacy) {
    const jobs = Array.isArray(outputs.jobs) ? (outputs.jobs as { id: string; clusterName?: string; clusterId?: string; delivery?: { url?: unknown; urlV2?: unknown } }[]) : [];
    return jobs.flatMap((j) => {
      const url = j.delivery?.url ?? j.delivery?.urlV2;
      return typeof url === "string" ? [[legacyPartName(j, jobs.length), url] as const] : [];
    });
  }
  const byReplicaSet = outputs.deliveryUrls && typeof outputs.deliveryUrls === "object" ? Object.entries(outputs.deliveryUrls) : [];
  return byReplicaSet.filter((e): e is [string, string] => typeof e[1] === "string");
}

/** Every secret's plaintext, in place. */
function reveal(value: unknown): unknown {
  if (isWrappedSecret(value)) {
    const v = value as { value?: unknown; plaintext?: unknown };
    return reveal(typeof v.plaintext === "string" ? parseJson(v.plaintext) : v.value);
  }
  if (Array.isArray(value)) return value.map(reveal);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
