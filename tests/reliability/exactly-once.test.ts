/**
 * Issue 9 part A, through the real plugin path (the serialized provider in the SDK's
 * dynamic-provider plugin, over gRPC, against the emulator over HTTP with digest auth): exactly
 * the declared restore, exactly once. Each scenario has its own project and clusters; every POST
 * and every job is counted at the emulator.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { ResourceInitError } from "../../local-engine/plugin";
import { AtlasClient } from "../../provider/atlas";
import { makeUserProject, openPluginSession, REPO_ROOT, RESTORE_JOB_TYPE, waitForLog, type PluginSession } from "../helpers/plugin-session";
import { failure, freshId, postsSent, restoresAt, until, type Props } from "./helpers";

jest.setTimeout(120_000);
const execFileAsync = promisify(execFile);

const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
const jobsPath = (clusterName: string) => new RegExp(`/clusters/${clusterName}/restoreJobs`);
const SNAPSHOT_TIME = { date: "2026-01-01T00:00:00Z", increment: 1 };

let emu: Emulator; // timeScale 10: the default 20 s restore takes 2 real seconds
let s: PluginSession;
/** Another Atlas user: restores it starts are not this stack's. */
let someoneElse: AtlasClient;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 10 });
  s = await openPluginSession({ apiBase: emu.apiBase, publicKey: emu.publicKey, privateKey: emu.privateKey });
  someoneElse = new AtlasClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emu?.close();
});

/** A project with replica sets (each with two snapshots, PIT enabled) and sharded clusters (two snapshots each). */
function world(replicaSets: string[], sharded: string[] = []) {
  const projectId = freshId();
  const snap: Record<string, [string, string]> = {};
  const snapshots = (name: string) => {
    snap[name] = [freshId(), freshId()];
    return snap[name].map((id, i) => ({ id, created: `2026-01-0${i + 1}T00:00:00Z`, timestamp: { ...SNAPSHOT_TIME, date: `2026-01-0${i + 1}T00:00:00Z` } }));
  };
  emu.addProject({
    id: projectId,
    clusters: [
      ...replicaSets.map((name) => ({ name, id: freshId(), type: "REPLICA_SET" as const, pitEnabled: true, snapshots: snapshots(name) })),
      ...sharded.map((name) => ({ name, id: freshId(), type: "SHARDED" as const, shards: 2, snapshots: snapshots(name) })),
    ],
  });
  return { projectId, snap };
}

const declare = (projectId: string, clusterName: string, extra: Props): Props => ({
  __provider: s.providerText,
  projectId,
  clusterName,
  waitTimeoutMinutes: 2,
  ...extra,
});
const into = (projectId: string, target: string) => ({ methodName: "AUTOMATED_RESTORE", targetProjectId: projectId, targetClusterName: target });
const register = (name: string, inputs: Props) => s.engine.register(RESTORE_JOB_TYPE, name, inputs);
const inState = (name: string) => s.state.resources[s.engine.urnOf(RESTORE_JOB_TYPE, name)];

describe("item 1: reconciliation adopts only the restore its POST declared", () => {
  test("a point-in-time restore whose POST got a proxy's 502 never adopts an earlier snapshot restore into the same target", async () => {
    const { projectId, snap } = world(["PitSrc", "PitDr"]);
    // Someone restored a snapshot into PitDr a moment ago (finished, so the target is free).
    const [earlier] = await someoneElse.createRestoreJobs(projectId, "PitSrc", { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: projectId, targetClusterName: "PitDr" }, snapshotId: snap.PitSrc[1] });
    await until(() => emu.jobs({ clusterName: "PitSrc" })[0]?.statusName === "FINISHED", "the earlier restore to finish");
    emu.faults.failNext({ status: 502, body: HTML, method: "POST", path: jobsPath("PitSrc") });

    const e = await failure(register("pit", declare(projectId, "PitSrc", { pointInTimeUTCMillis: Date.now() - 60_000, delivery: into(projectId, "PitDr") })));
    expect(e.message).toMatch(/got no usable answer .* no restore job matching it appeared/);
    expect(inState("pit")).toBeUndefined();
    expect(postsSent(emu, "PitSrc", projectId)).toBe(2); // someone else's, and the one that failed: nothing re-sent
    expect(emu.jobs({ clusterName: "PitSrc" }).map((j) => j.id)).toEqual([earlier.id]);
  });

  test("a sharded download of snapshot B whose POST got a proxy's 502 never adopts the batch of snapshot A started by another declaration", async () => {
    const { projectId, snap } = world([], ["ShardedAB"]);
    const a = await register("download-a", declare(projectId, "ShardedAB", { snapshotId: snap.ShardedAB[0], delivery: { methodName: "HTTP" }, waitFor: "none" }));
    emu.faults.failNext({ status: 502, body: HTML, method: "POST", path: jobsPath("ShardedAB") });

    const e = await failure(register("download-b", declare(projectId, "ShardedAB", { snapshotId: snap.ShardedAB[1], delivery: { methodName: "HTTP" }, waitFor: "none" })));
    expect(e.message).toMatch(/no restore job matching it appeared/);
    expect(inState("download-b")).toBeUndefined();
    expect(restoresAt(emu, "ShardedAB", projectId)).toBe(1);
    expect(unwrapSecrets(a.outputs).batchId).toBe(emu.jobs({ clusterName: "ShardedAB" })[0].batchId);
  });

  test("someone else's identical restore, started before the POST, is never taken for its outcome: the lost POST's own restore is adopted", async () => {
    const { projectId, snap } = world(["Before"]);
    const [theirs] = await someoneElse.createRestoreJobs(projectId, "Before", { delivery: { methodName: "HTTP" }, snapshotId: snap.Before[0] });
    emu.faults.dropNextResponse({ method: "POST", path: jobsPath("Before") });

    await register("before", declare(projectId, "Before", { snapshotId: snap.Before[0], delivery: { methodName: "HTTP" } }));
    const ours = emu.jobs({ clusterName: "Before" }).find((j) => j.id !== theirs.id)!;
    expect(inState("before").id).toBe(`${projectId}/Before/${ours.id}`);
    expect(postsSent(emu, "Before", projectId)).toBe(2); // theirs and ours, once each
  });

  test("two restores match a lost POST (someone else's started between the list and the POST): an error naming both and the adopt value, never a guess", async () => {
    const { projectId, snap } = world(["Twins"]);
    // Our POST is held at the server before it is handled: another client restores the same way
    // meanwhile (after our list), then ours is acted on and its answer lost.
    emu.faults.latency({ ms: 1_500, method: "POST", path: jobsPath("Twins"), count: 1 });
    emu.faults.dropNextResponse({ method: "POST", path: jobsPath("Twins") });
    const pending = failure(register("twin", declare(projectId, "Twins", { snapshotId: snap.Twins[0], delivery: { methodName: "HTTP" } })));
    await until(() => emu.requestLog.some((x) => x.authenticated && x.method === "POST" && x.path.endsWith("/clusters/Twins/restoreJobs")), "our POST");
    const [theirs] = await someoneElse.createRestoreJobs(projectId, "Twins", { delivery: { methodName: "HTTP" }, snapshotId: snap.Twins[0] });
    const e = await pending;
    const ours = emu.jobs({ clusterName: "Twins" }).find((j) => j.id !== theirs.id)!;
    expect(e.message).toContain("2 restores matching it appeared on the cluster since it was sent");
    expect(e.message).toContain(ours.id);
    expect(e.message).toContain(theirs.id);
    expect(e.message).toMatch(/adopt: "[0-9a-f]{24}"/);
    expect(inState("twin")).toBeUndefined();
    expect(postsSent(emu, "Twins", projectId)).toBe(2); // theirs and ours, once each
  });

  test("a 503 with Atlas's own error document proves nothing was created: no reconciliation, a clear error; the next up starts exactly one", async () => {
    const { projectId, snap } = world(["Refused"]);
    emu.faults.failNext({ status: 503, errorCode: "SERVICE_UNAVAILABLE", method: "POST", path: jobsPath("Refused") });
    const inputs = declare(projectId, "Refused", { snapshotId: snap.Refused[0], delivery: { methodName: "HTTP" }, waitFor: "none" });

    const e = await failure(register("refused", inputs));
    expect(e.message).toMatch(/503 SERVICE_UNAVAILABLE.*Atlas refused the request without acting on it: no restore was started/);
    expect(s.logs.some((l) => l.includes("Refused") && /outcome is unknown/.test(l))).toBe(false);
    // No list after the POST (only the one before it): nothing to reconcile.
    const onCluster = emu.requestLog.filter((x) => x.path.includes("/clusters/Refused/") && x.authenticated);
    expect(onCluster.map((x) => x.method)).toEqual(["GET", "POST"]);
    await register("refused", inputs);
    expect(restoresAt(emu, "Refused", projectId)).toBe(1);
    expect(postsSent(emu, "Refused", projectId)).toBe(2);
  });
});

describe("item 2: one automated restore into a target at a time", () => {
  test("two declarations into one target registered in parallel (as the engine runs one up): one POST; the other fails naming both", async () => {
    const { projectId, snap } = world(["TwinSrcA", "TwinSrcB", "TwinDr"]);
    // A slow list widens the window between the "already running" check and the POST.
    emu.faults.latency({ ms: 500, method: "GET", path: /\/clusters\/TwinSrc[AB]\/restoreJobs/, count: 2 });
    const outcomes = await Promise.allSettled([
      register("monday", declare(projectId, "TwinSrcA", { snapshotId: snap.TwinSrcA[0], delivery: into(projectId, "TwinDr"), waitFor: "none" })),
      register("tuesday", declare(projectId, "TwinSrcB", { snapshotId: snap.TwinSrcB[0], delivery: into(projectId, "TwinDr"), waitFor: "none" })),
    ]);
    emu.faults.clear();
    expect(postsSent(emu, "TwinSrcA", projectId) + postsSent(emu, "TwinSrcB", projectId)).toBe(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason as Error;
    expect(refused).not.toBeInstanceOf(ResourceInitError); // nothing to record: no restore was started
    expect(refused.message).toMatch(/Two automated restores into .*TwinDr .* were started at the same time/);
    expect(refused.message).toMatch(/the restore of TwinSrc[AB] \(snapshot [a-f0-9]{24}\) into [a-f0-9]{24}\/TwinDr is being started, so the restore of TwinSrc[AB] \(snapshot [a-f0-9]{24}\) into [a-f0-9]{24}\/TwinDr was not \(no request sent\)/);
  });

  test("a program declaring two restores into one target fails before any request, naming both; a restore into another target goes on", async () => {
    const { projectId, snap } = world(["ProgSrcA", "ProgSrcB", "ProgDr", "ProgOther"]);
    const project = makeUserProject();
    let run: { outputs: string[]; errors: string[]; rejections: string[]; steps: { kind: string; urn: string }[] };
    try {
      const config = {
        "twice:projectId": projectId,
        "twice:target": "ProgDr",
        "twice:otherTarget": "ProgOther",
        "twice:sourceA": "ProgSrcA",
        "twice:snapshotA": snap.ProgSrcA[0],
        "twice:sourceB": "ProgSrcB",
        "twice:snapshotB": snap.ProgSrcB[0],
      };
      const env = { ...process.env, REPO_ROOT, PROJECT_DIR: project.dir, API_BASE: emu.apiBase, PUBLIC_KEY: emu.publicKey, PRIVATE_KEY: emu.privateKey, PROGRAM_CONFIG: JSON.stringify(config) };
      const programs = join(__dirname, "programs");
      const { stdout } = await execFileAsync(process.execPath, [join(programs, "run-in-own-process.js"), join(programs, "two-into-one-target.js")], { env, timeout: 60_000 });
      run = JSON.parse(stdout.trim().split("\n").pop()!);
    } finally {
      project.remove();
    }
    expect(run.outputs).toEqual(["other"]);
    expect(run.steps.map((x) => `${x.kind} ${x.urn.split("::").pop()}`)).toEqual(["create restore-elsewhere"]);
    expect(postsSent(emu, "ProgSrcB", projectId)).toBe(0);
    expect(restoresAt(emu, "ProgSrcA", projectId)).toBe(1); // restore-elsewhere, into ProgOther
    expect(emu.jobs({ clusterName: "ProgSrcA" })[0].delivery.targetClusterName).toBe("ProgOther");
    expect(run.rejections.join("\n")).toMatch(/Restores "restore-monday" and "restore-tuesday" all restore into cluster [a-f0-9]{24}\/ProgDr/);
  });
});

describe("item 3: adopt takes over only the declared restore", () => {
  test("adopting another resource's HTTP download of snapshot Y into a declared automated restore of snapshot X: refused, each difference named, nothing in state", async () => {
    const { projectId, snap } = world(["AdoptSrc", "AdoptDr"]);
    const download = await register("download-y", declare(projectId, "AdoptSrc", { snapshotId: snap.AdoptSrc[1], delivery: { methodName: "HTTP" }, waitFor: "none" }));
    const y = download.id.split("/")[2];
    const e = await failure(register("dr", declare(projectId, "AdoptSrc", { snapshotId: snap.AdoptSrc[0], delivery: into(projectId, "AdoptDr"), adopt: y })));
    expect(e.message).toContain(`adopt: restore ${y} of cluster AdoptSrc is not the restore this RestoreJob declares`);
    expect(e.message).toContain("delivery.methodName: declared AUTOMATED_RESTORE, found HTTP");
    expect(e.message).toContain(`snapshotId: declared ${snap.AdoptSrc[0]}, found ${snap.AdoptSrc[1]}`);
    expect(inState("dr")).toBeUndefined();
    expect(postsSent(emu, "AdoptSrc", projectId)).toBe(1); // the download's own
  });

  test("adopt of a matching restore logs 'adopted'; removing adopt afterwards is an update, never a new restore", async () => {
    const { projectId, snap } = world(["Handover"]);
    const [theirs] = await someoneElse.createRestoreJobs(projectId, "Handover", { delivery: { methodName: "HTTP", maxDownloads: 2 }, snapshotId: snap.Handover[0] });
    const declared = declare(projectId, "Handover", { snapshotId: snap.Handover[0], delivery: { methodName: "HTTP", maxDownloads: 2 }, waitFor: "none" });
    const adopted = await register("handover", { ...declared, adopt: theirs.id });
    expect(adopted.id).toBe(`${projectId}/Handover/${theirs.id}`);
    expect(await waitForLog(s.logs, new RegExp(`Handover: restore ${theirs.id} adopted \\(1 part\\)`))).toBeDefined();
    expect(s.logs.some((l) => new RegExp(`restore ${theirs.id} started`).test(l))).toBe(false);

    const steps = s.engine.steps.length;
    const after = await register("handover", declared);
    expect(s.engine.steps.slice(steps).map((x) => x.kind)).toEqual(["update"]);
    expect(after.id).toBe(adopted.id);
    expect(postsSent(emu, "Handover", projectId)).toBe(1); // someone else's: none from this stack
    expect(restoresAt(emu, "Handover", projectId)).toBe(1);
  });
});

describe("item 5: the wait polls at its deadline", () => {
  test("a deadline (0.6 s) shorter than the first poll interval (2 s) still polls once and sees READY", async () => {
    const { projectId, snap } = world(["QuickWait"]);
    emu.setRestoreBehaviour(projectId, "QuickWait", { jobDurationMs: 1_000 }); // 0.1 real seconds
    const done = await register("quick", declare(projectId, "QuickWait", { snapshotId: snap.QuickWait[0], delivery: { methodName: "HTTP" }, waitTimeoutMinutes: 0.01 }));
    expect(unwrapSecrets(done.outputs).status).toBe("READY");
    // One poll, of the job (the list before the POST is not a poll).
    const polls = emu.requestLog.filter((x) => x.method === "GET" && x.authenticated && x.path.includes("/clusters/QuickWait/restoreJobs/"));
    expect(polls).toHaveLength(1);
  });
});
