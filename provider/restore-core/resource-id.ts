import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "../atlas/models";

/** The Pulumi resource id: `{projectId}/{clusterName}/{batchId or job id}`. */
export interface RestoreJobRef {
  projectId: string;
  clusterName: string;
  /** A batchId (sharded restore) or a job id (replica set). */
  ref: string;
}

export function formatResourceId(r: RestoreJobRef): string {
  return `${r.projectId}/${r.clusterName}/${r.ref}`;
}

export function parseResourceId(id: string): RestoreJobRef {
  const parts = id.split("/");
  const [projectId, clusterName, ref] = parts;
  if (
    parts.length !== 3 ||
    !OBJECT_ID_PATTERN.test(projectId) ||
    !CLUSTER_NAME_PATTERN.test(clusterName) ||
    !OBJECT_ID_PATTERN.test(ref)
  ) {
    throw new Error(
      `"${id}" is not a RestoreJob id. Expected {projectId}/{clusterName}/{batchId or job id}, ` +
        `e.g. 6b99999887d9d61443b41657/Cluster0/5a69049d87d9d62a94d01adc.`,
    );
  }
  return { projectId, clusterName, ref };
}
