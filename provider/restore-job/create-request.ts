import type { CreateRestoreJobRequest, RestoreDeliveryRequest } from "../atlas/models";
import type { RestoreJobInputs } from "./inputs";
import { isSet } from "./inputs";

/** Maps checked inputs to the POST body (`targetProjectId` is the API's `targetGroupId`). */
export function toCreateRequest(inputs: RestoreJobInputs): CreateRestoreJobRequest {
  const d = inputs.delivery;
  const delivery: RestoreDeliveryRequest = { methodName: d.methodName };
  if (d.methodName === "HTTP") {
    if (isSet(d.expirationHours)) delivery.expirationHours = Number(d.expirationHours);
    if (isSet(d.maxDownloads)) delivery.maxDownloads = Number(d.maxDownloads);
  } else {
    delivery.targetGroupId = d.targetProjectId;
    if (isSet(d.targetClusterName)) delivery.targetClusterName = d.targetClusterName;
    if (isSet(d.targetClusterId)) delivery.targetClusterId = d.targetClusterId;
  }
  const body: CreateRestoreJobRequest = { delivery };
  if (isSet(inputs.snapshotId)) body.snapshotId = inputs.snapshotId;
  if (isSet(inputs.checkpointId)) body.checkpointId = inputs.checkpointId;
  // The Atlas docs send the oplog position as strings (reference §2.1 "Type discrepancies").
  if (isSet(inputs.oplogTs)) body.oplogTs = String(inputs.oplogTs);
  if (isSet(inputs.oplogInc)) body.oplogInc = String(inputs.oplogInc);
  if (isSet(inputs.pointInTimeUTCMillis)) body.pointInTimeUTCMillis = Number(inputs.pointInTimeUTCMillis);
  return body;
}
