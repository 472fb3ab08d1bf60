/**
 * Compile-time contract between the hand-written zod answer schemas (provider/atlas/cloud-backup/
 * models.ts) and the types openapi-typescript generates from MongoDB's OpenAPI: every field a
 * schema reads must exist in the spec's schema, and every value the spec allows for it must be
 * one the zod schema's type accepts. A typo in a field name, or a spec type change, fails `tsc`.
 * Where we are deliberately stricter than the spec, the field is listed with the reason.
 */
import type { z } from "zod";
import type { components } from "../../provider/atlas/cloud-backup/openapi.generated";
import type { cloudRestoreJobSchema, cloudSnapshotSchema, shardedSnapshotSchema } from "../../provider/atlas/cloud-backup/models";

type Schemas = components["schemas"];
/** A looseObject's type without its `[key: string]: unknown` (unknown fields are kept, not read). */
type Declared<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
/** Per field: true when the spec has it and every spec value fits ours; the field name otherwise. */
type Fits<Ours, Spec> = {
  [K in keyof Declared<Ours>]-?: K extends keyof Spec ? (NonNullable<Spec[K]> extends NonNullable<Ours[K]> ? true : K) : K;
};
/** Fields that do not fit, minus the ones excused. `never` when the contract holds. */
type Misfits<Ours, Spec, Excused extends PropertyKey = never> = Exclude<Fits<Ours, Spec>[keyof Fits<Ours, Spec>], true | Excused>;
type Holds<T extends never> = T;

export type RestoreJobContract = Holds<
  Misfits<
    z.input<typeof cloudRestoreJobSchema>,
    Schemas["DiskBackupSnapshotRestoreJob"],
    // `components[].replicaSetName` is optional in the spec; we require it, because download URLs
    // are keyed by it (a component without one cannot be told apart from the others); likewise
    // `privateDownloadDeliveryUrls[].deliveryUrl`: an entry without its URL is not one.
    "components" | "privateDownloadDeliveryUrls"
  >
>;
export type SnapshotContract = Holds<Misfits<z.input<typeof cloudSnapshotSchema>, Schemas["DiskBackupReplicaSet"]>>;
export type ShardedSnapshotContract = Holds<
  Misfits<
    z.input<typeof shardedSnapshotSchema>,
    Schemas["DiskBackupShardedClusterSnapshot"],
    // Inherited from the replica-set snapshot schema, which `shardedSnapshotSchema` extends:
    // a sharded snapshot has no single `replicaSetName` (its members do), and Atlas omits it.
    "replicaSetName"
  >
>;
