/**
 * Control endpoints for driving the emulator from another process (CLI users, `npm start`).
 * Unauthenticated by design and therefore answered only to loopback clients (the server refuses
 * others with 403): never expose them beyond 127.0.0.1 / ::1.
 *
 *   GET    /__emulator/health
 *   GET    /__emulator/requests          the request log;  DELETE clears it
 *   POST   /__emulator/faults            {"kind": "failNext"|…|"trickleNext"|"corruptNextDownload"|"clear", …fields, "path": "<regex source>"}
 *   POST   /__emulator/fixtures          {"project"} | {"projectId","cluster"} | {"projectId","clusterName","snapshot"}
 *                                        | {"projectId","clusterName","restoreBehaviour"}
 *   GET    /__emulator/jobs              ?projectId=&clusterName=  rendered jobs, creation order
 *   PUT    /__emulator/rate-limit        {"requests","windowMs"} | false
 *   GET    /__emulator/tokens            {"issued","live","revoked"} service-account tokens
 *   POST   /__emulator/tokens            {"action": "expire"|"revoke"}  every live token, now → {"affected"}
 *   PUT    /__emulator/token-rate-limit  {"requests","windowMs"} | false
 */
import type { RestoreJob } from "../../provider/atlas/models";
import { z } from "zod";
import type { Faults } from "../faults";
import type { TokenControl } from "../oauth";
import type { RateLimiter } from "../rate-limit";
import type { RequestLog } from "../request-log";
import type { EmuResponse, RequestContext, Route } from "../router";
import { json, NO_CONTENT, route } from "../router";

export interface AdminDeps {
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly rateLimiter: RateLimiter;
  readonly tokens: TokenControl;
  readonly jobs: (filter: { projectId?: string; clusterName?: string }) => RestoreJob[];
  /** Emulated ms per real ms: a drill runner states it in its report. */
  readonly timeScale: number;
}

export const ADMIN_PREFIX = "/__emulator";

const faultBody = z.strictObject({
  kind: z.enum(["failNext", "resetNext", "latency", "dropNextResponse", "truncateNext", "rewriteNext", "trickleNext", "corruptNextDownload", "clear"]),
  count: z.number().int().min(1).optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  errorCode: z.string().optional(),
  body: z.string().optional(),
  contentType: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  ms: z.number().nonnegative().optional(),
  jobFields: z.record(z.string(), z.string()).optional(),
  chunkBytes: z.number().int().min(1).optional(),
  intervalMs: z.number().nonnegative().optional(),
});

const tokenAction = z.strictObject({ action: z.enum(["expire", "revoke"]) });
const rateLimitBody = z.union([z.literal(false), z.strictObject({ requests: z.number().int().min(1), windowMs: z.number().positive() })]);

export function adminError(status: number, detail: string): EmuResponse {
  return json({ error: status, reason: status === 400 ? "Bad Request" : "Forbidden", detail }, { status });
}

/** Run `fn` on the JSON body; thrown errors and bad JSON become 400s naming the problem. */
function withBody(ctx: RequestContext, fn: (body: unknown) => EmuResponse): EmuResponse {
  try {
    return fn(JSON.parse(ctx.bodyText || "null"));
  } catch (e) {
    return adminError(400, e instanceof Error ? e.message : String(e));
  }
}

export function adminRoutes(deps: AdminDeps): Route[] {
  const p = ADMIN_PREFIX;
  return [
    route("GET", `${p}/health`, () => json({ ok: true, timeScale: deps.timeScale })),
    route("GET", `${p}/requests`, () => json(deps.log.entries)),
    route("DELETE", `${p}/requests`, () => {
      deps.log.clear();
      return NO_CONTENT;
    }),
    route("POST", `${p}/faults`, (ctx) =>
      withBody(ctx, (raw) => {
        const parsed = faultBody.safeParse(raw);
        if (!parsed.success) return adminError(400, `Invalid fault: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
        const { kind, path, ...rest } = parsed.data;
        const f = { ...rest, path: path === undefined ? undefined : new RegExp(path) };
        if (kind === "clear") deps.faults.clear();
        else if (kind === "failNext") {
          if (f.status === undefined) return adminError(400, "Invalid fault: failNext needs status.");
          deps.faults.failNext({ ...f, status: f.status });
        } else if (kind === "latency") {
          if (f.ms === undefined) return adminError(400, "Invalid fault: latency needs ms.");
          deps.faults.latency({ ...f, ms: f.ms });
        } else deps.faults[kind](f);
        return NO_CONTENT;
      })),
    route("POST", `${p}/fixtures`, (ctx) =>
      withBody(ctx, (raw) => {
        const b = (raw ?? {}) as Record<string, unknown>;
        const projectId = String(b.projectId ?? "");
        const clusterName = String(b.clusterName ?? "");
        if ("project" in b) ctx.world.addProject(b.project as never);
        else if ("cluster" in b) ctx.world.addCluster(projectId, b.cluster as never);
        else if ("snapshot" in b) ctx.world.addSnapshot(projectId, clusterName, b.snapshot as never);
        else if ("restoreBehaviour" in b) ctx.world.setRestoreBehaviour(projectId, clusterName, b.restoreBehaviour as never);
        else return adminError(400, "Expected one of project, cluster, snapshot or restoreBehaviour.");
        return json({ ok: true }, { status: 201 });
      })),
    route("GET", `${p}/jobs`, (ctx) =>
      json(deps.jobs({ projectId: ctx.query.get("projectId") ?? undefined, clusterName: ctx.query.get("clusterName") ?? undefined }))),
    route("PUT", `${p}/rate-limit`, (ctx) =>
      withBody(ctx, (raw) => {
        deps.rateLimiter.set(rateLimitBody.parse(raw));
        return NO_CONTENT;
      })),
    route("GET", `${p}/tokens`, () => json(deps.tokens.stats())),
    route("POST", `${p}/tokens`, (ctx) =>
      withBody(ctx, (raw) => {
        const { action } = tokenAction.parse(raw);
        return json({ affected: action === "expire" ? deps.tokens.expireAll() : deps.tokens.revokeAll() });
      })),
    route("PUT", `${p}/token-rate-limit`, (ctx) =>
      withBody(ctx, (raw) => {
        deps.tokens.setRateLimit(rateLimitBody.parse(raw));
        return NO_CONTENT;
      })),
  ];
}
