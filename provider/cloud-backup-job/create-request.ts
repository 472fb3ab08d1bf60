import type { CloudRestoreRequest } from "../atlas/cloud-backup";
import type { CloudBackupRestoreJobInputs } from "./inputs";

/**
 * The v2 create body for the inputs, with the snapshot already resolved. Minimal, as the Atlas
 * CLI sends them (atlas-v2-and-auth.md §1.3): oplogTs + oplogInc only when both are set, else
 * pointInTimeUTCSeconds; our `targetProjectId` is Atlas's `targetGroupId`.
 */
export function toCloudCreateRequest(inputs: CloudBackupRestoreJobInputs, snapshotId: string | undefined): CloudRestoreRequest {
  const body: CloudRestoreRequest = { deliveryType: inputs.deliveryType };
  if (snapshotId) body.snapshotId = snapshotId;
  if (inputs.deliveryType !== "download") {
    body.targetGroupId = inputs.targetProjectId;
    body.targetClusterName = inputs.targetClusterName;
  }
  if (inputs.deliveryType === "pointInTime") {
    if (inputs.oplogTs !== undefined && inputs.oplogInc !== undefined) {
      body.oplogTs = Number(inputs.oplogTs);
      body.oplogInc = Number(inputs.oplogInc);
    } else if (inputs.pointInTimeUTCSeconds !== undefined) {
      body.pointInTimeUTCSeconds = Number(inputs.pointInTimeUTCSeconds);
    }
  }
  return body;
}
