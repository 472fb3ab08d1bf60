/** The packaged provider's name, and the type tokens of what its schema declares. */
export const PACKAGE = "atlas-restore";

export const TOKENS = {
  RestoreJob: `${PACKAGE}:index:RestoreJob`,
  CloudBackupRestoreJob: `${PACKAGE}:index:CloudBackupRestoreJob`,
  RestoreApiDecision: `${PACKAGE}:index:RestoreApiDecision`,
  DisasterRecoveryPlan: `${PACKAGE}:index:DisasterRecoveryPlan`,
} as const;

/** The type token a resource URN names (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`). */
export function typeOfUrn(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}
