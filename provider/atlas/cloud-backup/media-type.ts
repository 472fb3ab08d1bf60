/**
 * The Admin API v2 resource version of the restore-job and snapshot operations, the only one
 * they exist in (atlas-v2-and-auth.md §1.2). Sent exactly as the MongoDB Go SDK does, as
 * Accept and (on POST) Content-Type: never a later date, which D-VER says is refused.
 */
export const V2_RESOURCE_VERSION = "2023-01-01";
export const V2_MEDIA_TYPE = `application/vnd.atlas.${V2_RESOURCE_VERSION}+json`;
export const V2_API_SUFFIX = "/api/atlas/v2";
