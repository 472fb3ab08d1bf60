/** Counting at the emulator lives in chaos/server-view.ts, shared with the chaos campaign. */
export { createPath, creates, restores, someoneElsesRestore } from "../../chaos/server-view";
