import type { DisasterRecoveryPlanArgs } from "./plan-args";

/**
 * The plan as checked, and the only plan the children are declared from: a deep copy, frozen.
 * The caller's object may change after `new DisasterRecoveryPlan(...)` (a program that reuses
 * its plan object, a getter that answers differently the second time): what was checked must be
 * exactly what is declared, so no child ever restores into a target the checks did not see.
 * Returns undefined when the value cannot be copied as plain data (an Output, a function, a
 * class instance): the plan's schema then says what is wrong.
 */
export function frozenPlanCopy(args: DisasterRecoveryPlanArgs): DisasterRecoveryPlanArgs | undefined {
  let copy: DisasterRecoveryPlanArgs;
  try {
    copy = structuredClone(args);
  } catch {
    return undefined;
  }
  return deepFreeze(copy);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
