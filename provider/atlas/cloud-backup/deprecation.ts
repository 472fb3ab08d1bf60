/**
 * Atlas marks a deprecated resource version with `Deprecation` and `Sunset` response headers
 * (atlas-v2-and-auth.md §1.2, D-VER); after the sunset date it answers 410 VERSION_GONE. Tell
 * the user once per process, while it still works, instead of on every poll.
 */
import { V2_RESOURCE_VERSION } from "./media-type";

const warned = new Set<string>();

/** The warning for a response's headers, or undefined when the version is not deprecated. */
export function deprecationWarning(headers: Pick<Headers, "get">): string | undefined {
  const deprecation = headers.get("deprecation");
  const sunset = headers.get("sunset");
  if (!deprecation && !sunset) return undefined;
  return (
    `Atlas reports API version ${V2_RESOURCE_VERSION} of the Cloud Backup endpoints as deprecated` +
    `${deprecation ? ` since ${deprecation}` : ""}${sunset ? `; it stops working on ${sunset}` : ""}. ` +
    "Upgrade pulumi-atlas-restore before then to a release that speaks a current version."
  );
}

/** Emit `warning` through `emit` the first time it is seen in this process. */
export function warnOnce(warning: string, emit: (line: string) => void): void {
  if (warned.has(warning)) return;
  warned.add(warning);
  emit(warning);
}

/** Forget what was warned (tests). */
export function resetDeprecationWarnings(): void {
  warned.clear();
}
