/**
 * Secrets. Everything a user or an operator can see is collected into one corpus: the serialized
 * provider (`__provider`), every output and every state snapshot (LocalEngine state JSON), every
 * line the plugin printed (with debug logging on), every error message (with its recorded
 * properties). The same scenarios run with an API key and with a service account. The corpus is
 * scanned for the private key, the public key, the client secret and id, every service-account
 * token and every `Authorization` header value the emulator received (captured in-process through Node's
 * `http.server.request.start` diagnostics channel), in several encodings: zero occurrences.
 * Then: delivery URLs and auth values are secret-wrapped in outputs, and nowhere else.
 *
 * The keys are random (a UUID-shaped private key, as Atlas issues), so no scan passes by
 * accident; a control plants each secret and proves the scanner finds it.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { secretPaths, unwrapSecrets, type StackState } from "../../local-engine/engine";
import { isWrappedSecret } from "../../provider/resource/secret-outputs";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { AuthorizationCapture, Corpus, distinctiveKeys, failure, IDS, scanForSecrets, until, type Props } from "./helpers";

jest.setTimeout(90_000);

const keys = distinctiveKeys();
const wrongPrivateKey = distinctiveKeys().privateKey;
const sa = { clientId: `mdb_sa_id_${distinctiveKeys().publicKey}`, clientSecret: `mdb_sa_sk_${distinctiveKeys().privateKey}` };
const wrongClientSecret = `mdb_sa_sk_${distinctiveKeys().privateKey}`;
const capture = new AuthorizationCapture();
const corpus = new Corpus();
let emu: Emulator;
let s: PluginSession;
let sas: PluginSession; // the same emulator, with the service account

const snapshot = (what: string, state: StackState) => corpus.add(`state after ${what}`, JSON.parse(JSON.stringify(state)));
const base = (extra: Props = {}): Props => ({
  __provider: s.providerText,
  projectId: IDS.projectId,
  clusterName: IDS.cluster0.name,
  snapshotId: IDS.cluster0.snapshotId,
  delivery: { methodName: "HTTP", expirationHours: 2 },
  ...extra,
});

/** Everything the scenarios produced, for the secret-output checks. */
const outputs: Record<string, Props> = {};

beforeAll(async () => {
  capture.start();
  emu = await startEmulator({ timeScale: 10, ...keys, ...sa });
  s = await openPluginSession({ apiBase: emu.apiBase, ...keys, env: { ATLAS_RESTORE_DEBUG: "1" } });
  corpus.add("serialized provider (__provider)", s.providerText);

  const record = async (what: string, p: Promise<{ outputs: Props }>) => {
    try {
      const r = await p;
      outputs[what] = r.outputs;
      corpus.add(`outputs of ${what}`, r.outputs);
    } catch (e) {
      corpus.add(`error of ${what}`, e);
    }
    snapshot(what, s.state);
  };

  // Successful restores: sharded HTTP (download URLs and auth values), automated.
  await Promise.all([
    record("HTTP restore of a sharded cluster", s.engine.register(RESTORE_JOB_TYPE, "http", base())),
    record("automated restore", s.engine.register(RESTORE_JOB_TYPE, "auto", base({
      clusterName: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.snapshotId,
      delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drReplicaSet0.name },
    }))),
  ]);
  // A restore that fails after creation: partial-failure error with recorded properties.
  emu.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "BROKEN" });
  await record("broken restore", s.engine.register(RESTORE_JOB_TYPE, "broken", base({ clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId })));
  // A POST whose answer is lost: reconciliation log lines.
  emu.faults.dropNextResponse({ method: "POST" });
  await record("lost POST", s.engine.register(RESTORE_JOB_TYPE, "lost", base({ delivery: { methodName: "HTTP", maxDownloads: 3 } })));

  // A hostile server that echoes credentials back: in a poll answer (logged by the wait as a
  // failed poll) and in an Atlas error document answering a POST (the user's error message).
  await until(() => capture.values.size > 0, "an Authorization header");
  const echoed = [...capture.values].at(-1)!;
  const hostile = `<html><body>Authorization: ${echoed}<br>user=${keys.publicKey} password=${keys.privateKey} key=${Buffer.from(keys.privateKey).toString("base64")}</body></html>`;
  // skip: the list before the POST passes; the poll after it gets the hostile page.
  emu.faults.failNext({ status: 200, body: hostile, method: "GET", path: /\/clusters\/Cluster0\/restoreJobs/, count: 1, skip: 1 });
  await record("poll answered by a hostile page", s.engine.register(RESTORE_JOB_TYPE, "hostile-poll", base({ delivery: { methodName: "HTTP", maxDownloads: 5 } })));
  emu.faults.failNext({
    status: 400, errorCode: "INVALID_ATTRIBUTE", method: "POST", path: /\/clusters\/Cluster0\/restoreJobs/, count: 1,
    body: JSON.stringify({ error: 400, errorCode: "INVALID_ATTRIBUTE", reason: "Bad Request", detail: `Authorization: ${echoed} for ${keys.publicKey}:${keys.privateKey}`, parameters: [keys.privateKey, echoed] }),
    contentType: "application/json",
  });
  await record("POST answered by an error echoing credentials", s.engine.register(RESTORE_JOB_TYPE, "hostile-post", base({ delivery: { methodName: "HTTP", maxDownloads: 6 } })));

  // A user who pastes the private key into the resource's inputs by mistake: Check fails.
  await record("private key pasted into the inputs", s.engine.register(RESTORE_JOB_TYPE, "pasted", base({ privateKey: keys.privateKey, snapshotId: keys.privateKey })));

  // Refresh and destroy.
  await s.engine.refresh().then(() => snapshot("refresh", s.state), (e) => corpus.add("error of refresh", e));

  // Configuration mistakes (the plugin configures each distinct provider text once: a variant of
  // the text picks up the new configuration).
  const configs: [string, Record<string, string | { secret: string }>][] = [
    ["a wrong private key", { "mongodbatlas:privateKey": { secret: wrongPrivateKey } }],
    ["the private key inside baseUrl", { "mongodbatlas:baseUrl": `https://${keys.publicKey}:${keys.privateKey}@cloud.mongodb.com` }],
    ["the private key as baseUrl", { "mongodbatlas:baseUrl": keys.privateKey }],
  ];
  for (const [what, config] of configs) {
    const good: Record<string, string | { secret: string }> = { "mongodbatlas:publicKey": keys.publicKey, "mongodbatlas:privateKey": { secret: keys.privateKey }, "mongodbatlas:baseUrl": emu.apiBase };
    await s.plugin.configure({ ...good, ...config });
    const text = `${s.providerText}\n// ${what}\n`;
    await record(what, s.engine.register(RESTORE_JOB_TYPE, `config-${what.replace(/\W+/g, "-")}`, { ...base(), __provider: text }));
  }
  await s.engine.destroy();
  snapshot("destroy", s.state);
  await serviceAccountScenarios();
  await new Promise((r) => setTimeout(r, 200)); // let the last log lines arrive
  s.logs.forEach((line, i) => corpus.add(`plugin log line ${i + 1}`, line));
  sas.logs.forEach((line, i) => corpus.add(`service-account plugin log line ${i + 1}`, line));
}, 90_000);

/** The service-account run: restores, a token revoked mid-wait, hostile echoes of the token and secret, a wrong secret, a clean exit. */
async function serviceAccountScenarios(): Promise<void> {
  sas = await openPluginSession({ apiBase: emu.apiBase, ...sa, env: { ATLAS_RESTORE_DEBUG: "1" } });
  const sabase = (extra: Props = {}): Props => ({ ...base(extra), __provider: sas.providerText, ...extra });
  const record = async (what: string, p: Promise<{ outputs: Props }>) => {
    try {
      const r = await p;
      outputs[`service account: ${what}`] = r.outputs;
      corpus.add(`outputs of service account: ${what}`, r.outputs);
    } catch (e) {
      corpus.add(`error of service account: ${what}`, e);
    }
    snapshot(`service account: ${what}`, sas.state);
  };
  await record("HTTP restore of a sharded cluster", sas.engine.register(RESTORE_JOB_TYPE, "sa-http", sabase({ delivery: { methodName: "HTTP", maxDownloads: 7 } })));
  // A token revoked while the provider waits: 401, fresh token, the wait continues.
  const accepted = () => emu.requestLog.filter((e) => e.method === "POST" && e.status === 200 && e.path.endsWith("/restoreJobs")).length;
  const before = accepted();
  const waiting = record("token revoked mid-wait", sas.engine.register(RESTORE_JOB_TYPE, "sa-revoked", sabase({ delivery: { methodName: "HTTP", maxDownloads: 8 } })));
  await until(() => accepted() > before, "the POST");
  emu.tokens.revokeAll();
  await waiting;
  // A hostile server echoing the Bearer value, the token and the secret, in a poll and in a POST error.
  const bearer = [...capture.values].filter((v) => v.startsWith("Bearer ")).at(-1)!;
  const token = bearer.slice("Bearer ".length);
  const hostile = `<html>Authorization: ${bearer}<br>token=${token} secret=${sa.clientSecret} id=${sa.clientId}</html>`;
  // skip: the list before the POST passes; the poll after it gets the hostile page.
  emu.faults.failNext({ status: 200, body: hostile, method: "GET", path: /\/clusters\/Cluster0\/restoreJobs/, count: 1, skip: 1 });
  await record("poll answered by a hostile page", sas.engine.register(RESTORE_JOB_TYPE, "sa-hostile-poll", sabase({ delivery: { methodName: "HTTP", maxDownloads: 9 } })));
  emu.faults.failNext({
    status: 400, method: "POST", path: /\/clusters\/Cluster0\/restoreJobs/, count: 1, contentType: "application/json",
    body: JSON.stringify({ error: 400, errorCode: "INVALID_ATTRIBUTE", reason: "Bad Request", detail: `bad token ${token} for ${sa.clientId}:${sa.clientSecret}`, parameters: [token, bearer] }),
  });
  await record("POST answered by an error echoing the token", sas.engine.register(RESTORE_JOB_TYPE, "sa-hostile-post", sabase({ delivery: { methodName: "HTTP", maxDownloads: 10 } })));
  // The token endpoint echoing the secret in its error.
  emu.faults.failNext({ status: 401, method: "POST", path: /^\/api\/oauth\/token$/, count: 1, contentType: "application/json", body: JSON.stringify({ error: "invalid_client", error_description: `secret ${wrongClientSecret} of ${sa.clientId} is wrong` }) });
  await sas.plugin.configure({ "mongodbatlas:clientId": sa.clientId, "mongodbatlas:clientSecret": { secret: wrongClientSecret }, "mongodbatlas:baseUrl": emu.apiBase });
  await record("a wrong client secret, echoed by the token endpoint", sas.engine.register(RESTORE_JOB_TYPE, "sa-wrong", { ...sabase(), __provider: `${sas.providerText}\n// wrong secret\n` }));
  await sas.engine.destroy();
  snapshot("service account: destroy", sas.state);
  await sas.restart("SIGINT"); // the clean exit revokes the tokens
}

afterAll(async () => {
  capture.stop();
  await s?.close();
  await sas?.close();
  await emu?.close();
});

const secrets = () => {
  const out: Record<string, string> = {
    "private key": keys.privateKey, "public key": keys.publicKey, "wrong private key": wrongPrivateKey,
    "client secret": sa.clientSecret, "client id": sa.clientId, "wrong client secret": wrongClientSecret,
  };
  capture.needles().forEach((n, i) => (out[`Authorization value/part ${i + 1}`] = n));
  return out;
};

describe("no credential anywhere a user or an operator can see", () => {
  test("the scenarios really ran: restores, failures, logs, errors and captured Authorization headers", () => {
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["HTTP restore of a sharded cluster", "automated restore", "lost POST", "poll answered by a hostile page"]));
    const errors = [...corpus.items.keys()].filter((k) => / error of /.test(k));
    expect(errors.length).toBeGreaterThanOrEqual(5); // broken, hostile POST, pasted key, three configuration mistakes
    expect(s.logs.some((l) => /poll failed/.test(l))).toBe(true); // the hostile page was seen and logged
    expect(s.logs.some((l) => /-> 200 in \d+ ms/.test(l))).toBe(true); // debug logging was on
    expect(capture.values.size).toBeGreaterThanOrEqual(20);
    expect([...capture.values].every((v) => v.includes(`username="${keys.publicKey}"`) || v.includes("nobody") || /^(Bearer|Basic) /.test(v))).toBe(true);
    // The service-account run really ran: tokens minted, one refused mid-wait, the wait went on, revoked at exit.
    expect(outputs["service account: token revoked mid-wait"]?.status).toBe("READY");
    expect(capture.needles().filter((n) => n.startsWith("emu_at_")).length).toBeGreaterThanOrEqual(2);
    expect(emu.requestLog.some((e) => e.path === "/api/oauth/revoke" && e.status === 200)).toBe(true);
    expect(sas.logs.some((l) => l.includes("Bearer [REDACTED]"))).toBe(true);
    expect(corpus.items.size).toBeGreaterThan(0);
    expect(corpus.size).toBeGreaterThanOrEqual(50);
  });

  test("zero occurrences of the API key, the client secret and id, any token or any Authorization value, in any encoding", () => {
    const findings = scanForSecrets(corpus.items, secrets());
    expect(findings).toEqual([]);
    console.log(`[reliability:secrets] scanned ${corpus.size} items (${corpus.bytes} characters) for ${Object.keys(secrets()).length} secrets in 5 encodings: ${findings.length} findings`);
  });

  test("control: the scanner finds each secret when it is planted, in every encoding", () => {
    const all = secrets();
    for (const [name, value] of Object.entries(all).slice(0, 4)) {
      for (const planted of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex")]) {
        const withPlant = new Map(corpus.items);
        withPlant.set("planted", `…some log line ${planted} and more…`);
        const found = scanForSecrets(withPlant, all);
        expect(found.filter((f) => f.where === "planted").map((f) => f.secret)).toContain(name);
      }
    }
  });
});

describe("delivery URLs and auth values are secret outputs, and appear nowhere in clear", () => {
  test("every url, urlV2, authValue and deliveryUrls is wrapped as a secret in the outputs of a READY HTTP restore", () => {
    const out = outputs["HTTP restore of a sharded cluster"];
    const paths = secretPaths(out);
    expect(paths).toContain("deliveryUrls");
    for (let i = 0; i < 3; i++) {
      expect(paths).toEqual(expect.arrayContaining([`jobs.${i}.delivery.url`, `jobs.${i}.delivery.urlV2`, `jobs.${i}.delivery.authValue`]));
    }
    expect((unwrapSecrets(out) as { deliveryUrls: string[] }).deliveryUrls).toHaveLength(3);
  });

  test("outside their secret wrappers, outputs, state, logs and errors hold no download URL, token or auth value", () => {
    const tokens: Record<string, string> = {};
    for (const job of emu.jobs()) {
      const d = job.delivery;
      if (d.url) tokens[`url of ${job.id}`] = d.url;
      if (d.urlV2) tokens[`urlV2 of ${job.id}`] = d.urlV2;
      if (d.authValue) tokens[`authValue of ${job.id}`] = d.authValue;
      const token = d.url ? /\/pull\/[a-f0-9]{24}\/([^/]+)\//.exec(d.url)?.[1] : undefined;
      if (token) tokens[`download token of ${job.id}`] = token;
    }
    expect(Object.keys(tokens).length).toBeGreaterThanOrEqual(12);
    const stripped = new Map([...corpus.items].map(([where, text]) => [where, stripSecretValues(text)]));
    expect(scanForSecrets(stripped, tokens)).toEqual([]);
    // Control: unstripped, the state does hold them (wrapped), so the scan above is not vacuous.
    expect(scanForSecrets(new Map([...corpus.items].filter(([w]) => w.includes("outputs of HTTP"))), tokens).length).toBeGreaterThan(0);
  });
});

/** The text with every secret-wrapped value replaced (what a viewer of state sees without decrypting). */
function stripSecretValues(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (isWrappedSecret(o)) return "[secret]";
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return JSON.stringify(strip(value));
}
