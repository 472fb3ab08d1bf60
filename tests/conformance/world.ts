/** The scenario world lives in chaos/world.ts, shared with the chaos campaign. */
export { newSource, newTarget, type SourceCluster, type TargetCluster } from "../../chaos/world";
