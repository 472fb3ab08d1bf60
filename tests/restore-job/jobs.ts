import type { RestoreJob } from "../../provider/atlas/models";

/** A restore job as the API renders it, with overrides. */
export function job(over: Partial<RestoreJob> & { deliveryStatus?: string; url?: string } = {}): RestoreJob {
  const { deliveryStatus, url, ...rest } = over;
  return {
    id: "5a69049d87d9d62a94d01add",
    groupId: "6b99999887d9d61443b41657",
    clusterName: "Cluster0",
    created: "2026-11-29T12:00:00Z",
    statusName: "IN_PROGRESS",
    delivery: {
      methodName: "HTTP",
      statusName: (deliveryStatus ?? "NOT_STARTED") as RestoreJob["delivery"]["statusName"],
      ...(url ? { url, expires: "2026-11-29T13:00:00Z" } : {}),
    },
    ...rest,
  };
}
export const readyHttp = (id: string) => job({ id, statusName: "FINISHED", deliveryStatus: "READY", url: `https://dl/${id}` });
