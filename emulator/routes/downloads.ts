/**
 * The HTTP delivery download server (§3.3):
 *   GET /backup/restore/v2/pull/:jobId/:token/:file   `url`: verification key in the path
 *   GET /backup/restore/v3/pull/:jobId/:file          `urlV2`: send `authHeader: authValue`
 * Each started download counts against `maxDownloads` (refunded if the transfer does not
 * complete); the first completed one records the SHA-1 shown in `hashes`.
 */
import { atlasError } from "../errors";
import type { JobRecord } from "../job-lifecycle";
import { isoSeconds, phaseAt } from "../job-lifecycle";
import { restoreArchive } from "../archive";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, route } from "../router";

export function downloadRoutes(): Route[] {
  return [
    route("GET", "/backup/restore/v2/pull/:jobId/:token/:file", (ctx) =>
      serve(ctx, (job) => ctx.params.token === job.token)),
    route("GET", "/backup/restore/v3/pull/:jobId/:file", (ctx) =>
      serve(ctx, (job) => bearer(ctx.headers.authorization) === job.token)),
  ];
}

function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^bearer\s+(\S+)$/i.exec(value?.trim() ?? "");
  return m?.[1];
}

async function serve(ctx: RequestContext, authorized: (job: JobRecord) => boolean): Promise<EmuResponse> {
  const job = ctx.world.job(ctx.params.jobId ?? "");
  if (!job || job.methodName !== "HTTP" || job.fileName !== ctx.params.file) {
    return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path]));
  }
  if (!authorized(job)) {
    return apiError(atlasError("UNAUTHORIZED"), { "www-authenticate": "Bearer" });
  }
  const archive = await restoreArchive(job.behaviour.archive);
  // No await between the state check and the reservation below: concurrent pulls cannot overrun.
  const phase = phaseAt(job, ctx.world.now());
  switch (phase.deliveryStatus) {
    case "READY":
      break;
    case "EXPIRED":
      return apiError(atlasError("EXPIRED", [job.id, isoSeconds(phase.expiresAt ?? 0)]));
    case "MAX_DOWNLOADS_EXCEEDED":
      return apiError(atlasError("MAX_DOWNLOADS_EXCEEDED", [job.id, job.maxDownloads ?? 1]));
    default:
      return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path], `The restore is not ready (delivery ${phase.deliveryStatus}).`));
  }
  job.downloads += 1;
  return {
    status: 200,
    headers: {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="${job.fileName}"`,
    },
    raw: archive.bytes,
    onFinished: (completed) => {
      if (completed) job.hash = archive.sha1;
      else job.downloads -= 1;
    },
  };
}
