// The Pulumi program of group 10 on the plugin path (plan-program-body.ts).
import { planProgram } from "./plan-program-body";

const { summary, statuses } = planProgram();
export { summary, statuses };
