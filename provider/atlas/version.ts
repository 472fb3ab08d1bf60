/** Package version sent in the User-Agent (a test checks it against package.json). */
export const VERSION = "0.1.0";

/** Product token of our User-Agent header. */
export const USER_AGENT = `pulumi-atlas-restore/${VERSION}`;
