/**
 * The DR drill that `npm start` runs (Pulumi.yaml's program): the built-in plan
 * (drill/builtin-plan.ts) as one DisasterRecoveryPlan, whose four restores are each waited for
 * until their data is usable:
 *
 *  - `legacy-download` / `cloud-download`: a sharded cluster's snapshot as `.tar.gz` downloads
 *    (legacy backup / Cloud Backup), one per shard and config server.
 *  - `legacy-dr` / `cloud-dr`: a replica set's snapshot restored into a DR cluster in another
 *    project. **This wipes the DR cluster's data first**: the plan's `overwritableTargets` lists
 *    exactly these two targets.
 *
 * Every id comes from stack config (`pulumi config set atlas-restore-drill:<key> <value>`, or
 * `npm start -- --config <key>=<value>`), and config `entries` runs a subset (e.g. `legacy` on
 * Cloud / Ops Manager). The defaults are the ids of the local emulator's seed world, so the drill
 * runs offline as is; they do not exist in Atlas. This program deliberately does not import the
 * emulator: pointed at Atlas, it is an ordinary Pulumi program.
 */
import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryPlan } from "../provider";
import { BUILTIN_PLAN_NAME, builtinPlan, drillSettings } from "./builtin-plan";

const config = new pulumi.Config();
const plan = new DisasterRecoveryPlan(BUILTIN_PLAN_NAME, builtinPlan(drillSettings((key) => config.get(key))));

/** Per entry: API, status, timing, RTO/RPO against the targets, ids, restore point, parts. */
export const entries = plan.entries;
/** Counts over the entries, and whether every one passed. */
export const summary = plan.summary;
/** The download links per entry. Secret: each carries its access token. */
export const deliveryUrls = plan.deliveryUrls;
