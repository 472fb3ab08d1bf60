/**
 * The restore-safety core: the rules that make a restore happen exactly once per declared intent,
 * written once for every restore API. An API plugs in through a `RestoreApiAdapter` (its wire
 * calls, field-match table, status table and outputs); `restoreLifecycle` turns an adapter into
 * the provider operations both doors (the dynamic provider and the packaged plugin) run. The
 * conformance suite (tests/conformance) runs every safety scenario over every adapter.
 */
export * from "./adapter";
export * from "./errors";
export * from "./field-match";
export * from "./check-engine";
export * from "./same-value";
export * from "./claims";
export * from "./target-lock";
export * from "./lost-answer";
export * from "./start";
export * from "./diff";
export * from "./poll-schedule";
export * from "./poll-loop";
export * from "./wait";
export * from "./read";
export * from "./cancel";
export * from "./slots";
export * from "./awaited";
export * from "./timing";
export * from "./lifecycle";
export * from "./resource-id";
export * from "./snapshot-selector";
export * from "./wire-secrets";
export * from "./common-schemas";
export * from "./clock";
