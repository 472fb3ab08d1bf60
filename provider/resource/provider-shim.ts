import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider objects Pulumi serializes into every RestoreJob's / CloudBackupRestoreJob's state (`__provider`).
 *
 * It is deliberately tiny (about 2 KB) and holds no credentials: each method loads the INSTALLED
 * implementation by module path at run time. So state stays small, and `pulumi refresh` /
 * `pulumi destroy` run the current code instead of a copy frozen in state (pulumi/pulumi#6490).
 * Do not import runtime modules at the top of this file: anything a method references is copied
 * by value into state (reference pulumi-dynamic.md §1.2-§1.4).
 */
const IMPLEMENTATION = "pulumi-atlas-restore/dist/provider/resource/provider-impl.js";

/**
 * Loads the installed implementation `name` (an export of provider-impl.js). Fallback: when
 * running this repository's own Pulumi.yaml the package is the project itself, not a
 * dependency. (No comments inside: they would be serialized too.)
 */
function implementation(name: string) {
  try {
    return require(IMPLEMENTATION)[name];
  } catch (e) {
    const path = require("path");
    const project = path.join(process.cwd(), "package.json");
    if ((e as { code?: string }).code !== "MODULE_NOT_FOUND" || require(project).name !== "pulumi-atlas-restore") throw e;
    return require(path.join(process.cwd(), "dist/provider/resource/provider-impl.js"))[name];
  }
}

/** A provider whose every method runs the installed implementation `name`. */
function providerFor(name: string): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => implementation(name).configure(req),
    check: (olds, news) => implementation(name).check(olds, news),
    diff: (id, olds, news) => implementation(name).diff(id, olds, news),
    create: (inputs) => implementation(name).create(inputs),
    read: (id, props) => implementation(name).read(id, props),
    update: (id, olds, news) => implementation(name).update(id, olds, news),
    delete: (id, props) => implementation(name).delete(id, props),
  };
}

/** The RestoreJob's provider (legacy restore jobs). */
export const restoreJobProvider = providerFor("restoreJobProviderImpl");
/** The CloudBackupRestoreJob's provider (Admin API v2 Cloud Backup). */
export const cloudBackupRestoreJobProvider = providerFor("cloudBackupRestoreJobProviderImpl");
/** A DR plan's pinned `api: "auto"` decision (restore-api-decision.ts). */
export const restoreApiDecisionProvider = providerFor("restoreApiDecisionProviderImpl");
