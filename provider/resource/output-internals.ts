import * as pulumi from "@pulumi/pulumi";

/**
 * Two things a component needs that Pulumi's public Output API does not give: waiting for a value
 * only when it is known, and turning a failed resource's outputs into a value. Both use the
 * members `apply` itself is built on (`isKnown`, `promise(withUnknowns)`, the Output
 * constructor), kept here, in one place.
 */
interface OutputInternals<T> {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<T>;
  resources(): Set<pulumi.Resource>;
  allResources(): Promise<Set<pulumi.Resource>>;
}

const internals = <T>(o: pulumi.Output<T>) => o as unknown as OutputInternals<T>;

/** An Output's value once it is known, or undefined while it is not (a preview value not decided yet). */
export async function knownValue<T>(o: pulumi.Output<T>): Promise<T | undefined> {
  const i = internals(o);
  return (await i.isKnown) ? i.promise() : undefined;
}

/**
 * `o`, or `fallback` when the resource behind it failed (its outputs reject): unknown stays
 * unknown and secret stays secret. A component's outputs built on a failed child then still
 * resolve, so the engine reports the child's own error once, not a wall of "error serializing
 * property" lines after it.
 */
export function orElse<T>(o: pulumi.Output<T>, fallback: T): pulumi.Output<T> {
  const i = internals(o);
  const OutputClass = pulumi.Output as unknown as new (
    resources: Set<pulumi.Resource>,
    promise: Promise<T>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<Set<pulumi.Resource>>,
  ) => pulumi.Output<T>;
  return new OutputClass(
    i.resources(),
    i.promise(true).catch(() => fallback),
    i.isKnown.catch(() => true),
    i.isSecret.catch(() => false),
    i.allResources().catch(() => new Set<pulumi.Resource>()),
  );
}
