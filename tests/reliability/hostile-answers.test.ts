/**
 * Issue 9 part B through the real plugin path (the serialized provider inside the SDK's
 * dynamic-provider plugin, over gRPC, against the emulator over HTTP with digest auth): answers
 * a proxy, a gateway or a server bug could give. Each is crafted by an emulator fault AFTER the
 * request was handled, so the restore exists on the server, and each fault is counted there.
 *
 * The promises: a restore that exists is recorded in state; a POST is never sent twice for one
 * intent; an unusable answer is a clear error, never a crash or a hang; secrets pasted into the
 * wrong input never reach an error.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { ResourceInitError } from "../../local-engine/plugin";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { addProjectWithClusters, distinctiveKeys, errorText, failure, postsSent, restoresAt, type Props } from "./helpers";

jest.setTimeout(120_000);

const MiB = 1024 * 1024;
const keys = distinctiveKeys();
let emu: Emulator; // timeScale 10: the default 20 s restore takes 2 real seconds
let s: PluginSession;
let s2: PluginSession; // atlas-restore:requestTimeoutSeconds = 0.5: an answer may take 2 s in all

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 10, ...keys });
  s = await openPluginSession({ apiBase: emu.apiBase, ...keys, env: { ATLAS_RESTORE_DEBUG: "1" } });
  s2 = await openPluginSession({ apiBase: emu.apiBase, ...keys, extraConfig: { "atlas-restore:requestTimeoutSeconds": "0.5" } });
});
afterAll(async () => {
  if (emu) {
    const log = emu.requestLog;
    const byKind: Record<string, number> = {};
    for (const e of log) if (e.fault) byKind[e.fault] = (byKind[e.fault] ?? 0) + 1;
    const trickled = log.filter((e) => e.fault === "trickleNext").map((e) => e.bytesSent ?? 0);
    const posts = log.filter((e) => e.method === "POST" && e.authenticated).length;
    console.log(
      `[reliability:hostile-answers] ${log.length} requests; faults served ${JSON.stringify(byKind)}; ` +
        `restore POSTs ${posts} for ${new Set(emu.jobs().map((j) => j.batchId ?? j.id)).size} restores; ` +
        `bytes the emulator could push into endless bodies before the client hung up: ${trickled.join(", ")}; ` +
        `plugin log bytes ${s.logs.join("\n").length}`,
    );
  }
  await s?.close();
  await s2?.close();
  await emu?.close();
});

const jobsPath = (cluster: string, one = false) => new RegExp(`/clusters/${cluster}/restoreJobs${one ? "/" : "$"}`);
const faultsServed = (cluster: string) => emu.requestLog.filter((e) => e.fault && e.path.includes(`/clusters/${cluster}/`)).length;
const nestedArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"date":'.repeat(depth)}"x"${"}".repeat(depth)}`;

let n = 0;
/** A fresh project with one replica set; the restore's inputs and a register call on `session`. */
function scenario(session: PluginSession = s, extra: Props = {}) {
  const cluster = `Hostile${++n}`;
  const { projectId, snapshots } = addProjectWithClusters(emu, [cluster]);
  const name = `hostile-${n}`;
  const inputs: Props = {
    __provider: session.providerText,
    projectId,
    clusterName: cluster,
    snapshotId: snapshots[cluster],
    delivery: { methodName: "HTTP" },
    waitTimeoutMinutes: 2,
    ...extra,
  };
  return {
    cluster,
    projectId,
    inputs,
    register: (over: Props = {}) => session.engine.register(RESTORE_JOB_TYPE, name, { ...inputs, ...over }),
    inState: () => session.state.resources[session.engine.urnOf(RESTORE_JOB_TYPE, name)],
  };
}

describe("an answer that cannot be stored no longer loses the job (item 6)", () => {
  test("every answer's timestamp nested 50,000 deep (the READY poll's too): dropped, the restore is created once and recorded", async () => {
    const t = scenario();
    emu.faults.rewriteNext({ method: "POST", path: jobsPath(t.cluster), jobFields: { timestamp: nestedObject(50_000) } });
    emu.faults.rewriteNext({ method: "GET", path: jobsPath(t.cluster, true), jobFields: { timestamp: nestedObject(50_000) }, count: 100 });
    const created = await t.register();
    expect(faultsServed(t.cluster)).toBeGreaterThanOrEqual(2);
    expect(created.outputs).not.toHaveProperty("jobs.0.timestamp");
    expect(created.outputs.status).toBe("READY");
    expect(t.inState()?.id).toBe(created.id);
    expect(postsSent(emu, t.cluster)).toBe(1);
    expect(JSON.stringify(created.outputs).length).toBeLessThan(16_384);
  });

  test("a failed restore whose polls carry hashes nested 50,000 deep: the Create RPC answers, the failure is recorded", async () => {
    const t = scenario();
    emu.setRestoreBehaviour(t.projectId, t.cluster, { outcome: "BROKEN" });
    emu.faults.rewriteNext({ method: "GET", path: jobsPath(t.cluster, true), jobFields: { hashes: nestedArrays(50_000) }, count: 100 });
    const e = await failure(t.register());
    expect(e).toBeInstanceOf(ResourceInitError);
    expect(e.message).toMatch(/failed: .*BROKEN/);
    expect(faultsServed(t.cluster)).toBeGreaterThan(0);
    expect(t.inState()?.id).toBe((e as ResourceInitError).id);
    expect(JSON.stringify(t.inState()?.outputs).length).toBeLessThan(16_384);
    expect(postsSent(emu, t.cluster)).toBe(1);
  });
});

describe("ids and enums from the server are validated before use (item 8)", () => {
  test.each([
    ["empty results", { body: '{"links":[],"results":[],"totalCount":0}' }],
    ["a job id that is not 24-hex", { jobFields: { id: '"not-a-hex-id"' } }],
    ["statusName \"constructor\"", { jobFields: { statusName: '"constructor"' } }],
  ])("a create answered with %s is outcome-unknown: reconciled to the restore it started, never re-sent", async (_name, fault) => {
    const t = scenario();
    emu.faults.rewriteNext({ method: "POST", path: jobsPath(t.cluster), ...fault });
    const created = await t.register();
    expect(faultsServed(t.cluster)).toBe(1);
    expect(postsSent(emu, t.cluster)).toBe(1);
    expect(restoresAt(emu, t.cluster)).toBe(1);
    const [job] = emu.jobs({ clusterName: t.cluster });
    expect(created.outputs.jobIds).toEqual([job.id]);
    expect(created.id).toContain(job.id);
    expect(s.logs.some((l) => l.includes(t.cluster) && /outcome is unknown/.test(l))).toBe(true);
  });

  test("polls answering statusName \"toString\" are transient bad answers, not a status: the wait rides through", async () => {
    const t = scenario();
    emu.faults.rewriteNext({ method: "GET", path: jobsPath(t.cluster, true), jobFields: { statusName: '"toString"' }, count: 2 });
    const created = await t.register();
    expect(faultsServed(t.cluster)).toBe(2);
    expect(created.outputs.status).toBe("READY");
    expect(s.logs.some((l) => /poll failed .*statusName is not a job status/.test(l))).toBe(true);
  });
});

describe("every answer is bounded (item 7)", () => {
  test("a poll answered with an endless body: cut off at 4 MiB, the wait rides through to READY", async () => {
    const t = scenario();
    emu.faults.trickleNext({ method: "GET", path: jobsPath(t.cluster, true) });
    const created = await t.register();
    expect(created.outputs.status).toBe("READY");
    expect(s.logs.some((l) => /poll failed \(The answer to GET .* exceeded 4 MiB; it was cut off after \d+ bytes/.test(l))).toBe(true);
    const bytesRead = Number(/exceeded 4 MiB; it was cut off after (\d+) bytes/.exec(s.logs.join("\n"))?.[1]);
    expect(bytesRead).toBeGreaterThan(4 * MiB);
    expect(bytesRead).toBeLessThanOrEqual(4 * MiB + 65_536);
    const entry = emu.requestLog.find((e) => e.fault === "trickleNext" && e.path.includes(`/clusters/${t.cluster}/`))!;
    expect(entry.bytesSent).toBeLessThan(4 * MiB + 32 * MiB);
  });

  test("a create answered by a body trickling for ever (slower than the per-chunk timeout): cut off at the deadline, reconciled, recorded", async () => {
    const t = scenario(s2);
    emu.faults.trickleNext({ method: "POST", path: jobsPath(t.cluster), chunkBytes: 8, intervalMs: 100 });
    const created = await t.register();
    expect(faultsServed(t.cluster)).toBe(1);
    expect(postsSent(emu, t.cluster)).toBe(1);
    expect(created.outputs.status).toBe("READY");
    const entry = emu.requestLog.find((e) => e.fault === "trickleNext" && e.path.includes(`/clusters/${t.cluster}/`))!;
    expect(entry.bytesSent).toBeLessThan(4_096);
    expect(s2.logs.some((l) => /kept streaming for more than 2 s; it was cut off/.test(l))).toBe(true);
  });
});

describe("secrets pasted into the wrong input (item 10)", () => {
  test("a private key as clusterName is not echoed by the error, and the hint names clusterName", async () => {
    const t = scenario();
    const e = await failure(t.register({ clusterName: keys.privateKey }));
    const text = `${errorText(e)}\n${s.logs.join("\n")}`;
    expect(text).toMatch(/404 CLUSTER_NAME_NOT_FOUND/);
    for (const form of [keys.privateKey, encodeURIComponent(keys.privateKey)]) expect(text).not.toContain(form);
    expect(e.message).toMatch(/Check clusterName "\[REDACTED\]"/);
    expect(e.message).not.toMatch(/targetClusterName/);
    expect(unwrapSecrets(t.inState()?.outputs ?? {})).toEqual({});
  });
});

describe("the local engine's gRPC limit is the real engine's", () => {
  test("a plugin answer over grpc's 4 MiB default (a 5 MiB __provider echoed by Check) is received", async () => {
    const t = scenario();
    const padded = `${s.providerText}\n/*${"p".repeat(5 * MiB)}*/`;
    const r = await s.plugin.check(s.engine.urnOf(RESTORE_JOB_TYPE, "big-check"), {}, { ...t.inputs, __provider: padded });
    expect(r.failures).toEqual([]);
    expect((r.inputs.__provider as string).length).toBe(padded.length);
  });
});
