/**
 * Atlas Cloud Backup restore jobs (Admin API v2) as an adapter of the safety core
 * (../restore-core): inputs, checks, the create body, the field-match and status tables, outputs.
 */
export * from "./inputs";
export * from "./check";
export * from "./check-rules";
export * from "./create-request";
export * from "./outputs";
export * from "./restore-match";
export * from "./status";
export * from "./timing";
export * from "./resolve-snapshot";
export * from "./adapter";
export { cloudFieldSchemas } from "./field-schemas";
