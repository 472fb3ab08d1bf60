/**
 * The packaged provider's schema is generated from the documented TypeScript API (scripts/plugin/
 * schema.ts): the committed provider/packaged/schema.json must be what the sources generate now,
 * and it must agree with what the providers actually check, mark secret and read as settings.
 */
import { readFileSync } from "node:fs";
import { CLOUD_INPUT_KEYS } from "../../provider/cloud-backup-job/inputs";
import { CLOUD_SECRET_OUTPUTS } from "../../provider/cloud-backup-job/outputs";
import { planSchema } from "../../provider/dr-plan/plan-schema";
import { TOKENS } from "../../provider/packaged/tokens";
import { SECRET_SETTINGS, SETTING_SOURCES } from "../../provider/resource/settings";
import { INPUT_KEYS } from "../../provider/restore-job/inputs";
import { OUTPUT_KEYS } from "../../provider/restore-job/outputs-keys";
import { CLOUD_OUTPUT_KEYS } from "../../provider/cloud-backup-job/inputs";
import { SCHEMA_PATH, schemaText } from "../../scripts/plugin/schema";

type Spec = { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean; description?: string }>; description: string; isComponent?: boolean };
const text = schemaText();
const schema = JSON.parse(text) as { version: string; config: { variables: Record<string, { secret?: boolean; description: string }> }; resources: Record<string, Spec> };
const keys = (o: object) => Object.keys(o).sort();

test("provider/packaged/schema.json is what the sources generate (npm run schema:plugin)", () => {
  expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(text);
  expect(schema.version).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
});

test("each resource's inputs are exactly the inputs its provider checks", () => {
  expect(keys(schema.resources[TOKENS.RestoreJob].inputProperties)).toEqual([...INPUT_KEYS].sort());
  expect(keys(schema.resources[TOKENS.CloudBackupRestoreJob].inputProperties)).toEqual([...CLOUD_INPUT_KEYS].sort());
  expect(keys(schema.resources[TOKENS.DisasterRecoveryPlan].inputProperties)).toEqual(keys(planSchema.shape));
  expect(schema.resources[TOKENS.DisasterRecoveryPlan].isComponent).toBe(true);
});

test("each resource's outputs are the ones its provider returns, the secret ones marked secret", () => {
  const outputs = (token: string) => Object.entries(schema.resources[token].properties);
  const secretOf = (token: string) => outputs(token).filter(([, p]) => p.secret).map(([k]) => k).sort();
  for (const k of OUTPUT_KEYS) expect(schema.resources[TOKENS.RestoreJob].properties[k]).toBeDefined();
  for (const k of CLOUD_OUTPUT_KEYS) expect(schema.resources[TOKENS.CloudBackupRestoreJob].properties[k]).toBeDefined();
  expect(secretOf(TOKENS.RestoreJob)).toEqual(["deliveryUrls"]);
  expect(secretOf(TOKENS.CloudBackupRestoreJob)).toEqual([...CLOUD_SECRET_OUTPUTS].sort());
  expect(secretOf(TOKENS.DisasterRecoveryPlan)).toEqual(["deliveryUrls"]);
});

test("configuration: every setting of the dynamic provider, under atlas-restore:, secrets marked, environment variables named", () => {
  expect(keys(schema.config.variables)).toEqual(keys(SETTING_SOURCES));
  for (const [name, v] of Object.entries(schema.config.variables)) {
    expect([name, v.secret === true]).toEqual([name, SECRET_SETTINGS.has(name as never)]);
    expect(v.description).toContain(SETTING_SOURCES[name as keyof typeof SETTING_SOURCES][1]);
  }
});

test("descriptions come from the doc comments", () => {
  for (const spec of Object.values(schema.resources)) expect(spec.description.length).toBeGreaterThan(40);
  expect(schema.resources[TOKENS.RestoreJob].properties.deliveryUrls.description).toMatch(/Secret/);
  expect(schema.resources[TOKENS.CloudBackupRestoreJob].inputProperties).toHaveProperty("pointInTimeUTCSeconds");
});
