/** Secret values on the wire: the core's (../restore-core/wire-secrets.ts), where tools already import them from. */
export { isWrappedSecret, unwrapSecrets, wrapSecret } from "../restore-core/wire-secrets";
