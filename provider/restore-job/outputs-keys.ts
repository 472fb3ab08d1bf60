/** Names of the computed outputs; they may appear among inputs as `undefined` (declared outputs). */
export const OUTPUT_KEYS = [
  "batchId",
  "jobIds",
  "jobs",
  "deliveryUrls",
  "status",
  "statusDetail",
  "createdAt",
  "expiresAt",
  "resolvedSnapshotId",
  "requestedAt",
  "readyAt",
  "restorePointTime",
  "parts",
] as const;
