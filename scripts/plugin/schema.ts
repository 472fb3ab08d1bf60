/**
 * The packaged provider's Pulumi schema, generated from the TypeScript API the dynamic provider
 * already documents, so there is one source of truth: the `*Args` interfaces (inputs), the
 * resource classes' declared outputs, the DR plan's types and `ProviderSettings` (configuration),
 * read with the TypeScript compiler API, descriptions from their doc comments. Secret outputs and
 * settings come from the same constants the providers mark secrets with.
 *
 *   node dist/scripts/plugin/schema.js [--check]   writes (or checks) provider/packaged/schema.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { CLOUD_SECRET_OUTPUTS } from "../../provider/cloud-backup-job/outputs";
import { TOKENS, PACKAGE } from "../../provider/packaged/tokens";
import { SECRET_SETTINGS, SETTING_SOURCES } from "../../provider/resource/settings";
import { SECRET_OUTPUT_PATHS } from "../../provider/restore-job/outputs";

const ROOT = resolve(__dirname, "..", "..", __dirname.includes(`${join("dist", "scripts")}`) ? ".." : "");
export const SCHEMA_PATH = join(ROOT, "provider/packaged/schema.json");

/** What each resource is generated from: the class (description, outputs) and its args interface. */
const RESOURCES = [
  // Cloud Backup first: a type both declare (the snapshot selector) takes its named form.
  { token: TOKENS.CloudBackupRestoreJob, file: "provider/resource/cloud-backup-restore-job.ts", cls: "CloudBackupRestoreJob", args: "CloudBackupRestoreJobArgs", secret: CLOUD_SECRET_OUTPUTS },
  { token: TOKENS.RestoreJob, file: "provider/resource/restore-job.ts", cls: "RestoreJob", args: "RestoreJobArgs", secret: SECRET_OUTPUT_PATHS.topLevel },
  { token: TOKENS.RestoreApiDecision, file: "provider/resource/restore-api-decision.ts", cls: "RestoreApiDecision", args: "RestoreApiDecisionArgs", secret: [] },
  { token: TOKENS.DisasterRecoveryPlan, file: "provider/resource/disaster-recovery-plan.ts", cls: "DisasterRecoveryPlan", args: "DisasterRecoveryPlanArgs", argsFile: "provider/dr-plan/plan-args.ts", secret: ["deliveryUrls"], component: true },
] as const;
const SETTINGS_FILE = "provider/resource/settings.ts";

type Spec = Record<string, unknown>;

export function generateSchema(): Spec {
  const files = [...new Set([...RESOURCES.flatMap((r) => [r.file, "argsFile" in r ? r.argsFile : r.file]), SETTINGS_FILE])].map((f) => join(ROOT, f));
  const program = ts.createProgram(files, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const types: Record<string, Spec> = {};
  const byShape = new Map<string, string>();

  const declaration = <T extends ts.Node>(file: string, name: string, is: (n: ts.Node) => n is T): T => {
    const source = program.getSourceFile(join(ROOT, file))!;
    const found = source.statements.find((s) => is(s) && (s as unknown as { name?: ts.Identifier }).name?.text === name);
    if (!found) throw new Error(`${file}: no declaration ${name}`);
    return found as unknown as T;
  };
  const docOf = (symbol: ts.Symbol): string => {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const dflt = symbol.getJsDocTags(checker).find((t) => t.name === "default");
    const d = dflt ? ts.displayPartsToString(dflt.text).trim() : "";
    return [text, d ? `Default: ${d}.` : ""].filter(Boolean).join(" ");
  };
  /** A property's declared type, with `pulumi.Input<T>` / `pulumi.Output<T>` unwrapped to T. */
  const propertyType = (symbol: ts.Symbol): ts.Type => {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    let node = decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) ? decl.type : undefined;
    while (node && ts.isTypeReferenceNode(node) && /(^|\.)(Input|Output)$/.test(node.typeName.getText()) && node.typeArguments?.length === 1) node = node.typeArguments[0];
    return node ? checker.getTypeFromTypeNode(node) : checker.getTypeOfSymbol(symbol);
  };
  const optional = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Optional) !== 0 || isOptionalType(propertyType(symbol));
  const isOptionalType = (t: ts.Type) => t.isUnion() && t.types.some((m) => m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null));
  const defined = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]).filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
  const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

  const primitive = (t: ts.Type): string | undefined => {
    if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return "string";
    if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return "number";
    if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return "boolean";
    return undefined;
  };

  function typeSpec(t: ts.Type, hint: string): Spec {
    const members = defined(t);
    const prims = [...new Set(members.map(primitive))];
    if (prims.every((p) => p !== undefined)) return prims.length === 1 ? { type: prims[0] } : { oneOf: prims.map((p) => ({ type: p })) };
    if (members.length === 1 && checker.isArrayLikeType(members[0])) {
      const element = checker.getTypeArguments(members[0] as ts.TypeReference)[0];
      return { type: "array", items: typeSpec(element, hint) };
    }
    const index = members.length === 1 ? checker.getIndexInfoOfType(members[0], ts.IndexKind.String) : undefined;
    if (index && checker.getPropertiesOfType(members[0]).length === 0) return { type: "object", additionalProperties: typeSpec(index.type, hint) };
    return { $ref: `#/types/${objectType(members, t.aliasSymbol?.name ?? members[0].aliasSymbol?.name ?? namedSymbol(members[0]) ?? hint)}` };
  }
  const namedSymbol = (t: ts.Type) => {
    const name = t.getSymbol()?.getName();
    return name && !name.startsWith("__") ? name : undefined;
  };

  /** An object type (a union of object types becomes one type whose fields are optional where not in every member). */
  function objectType(members: ts.Type[], name: string): string {
    const typeName = name.replace(/Args$/, "");
    const properties: Record<string, Spec> = {};
    const counts = new Map<string, number>();
    const required = new Set<string>();
    for (const m of members) {
      for (const p of checker.getPropertiesOfType(m)) {
        counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
        if (!optional(p)) required.add(p.name);
        properties[p.name] ??= { ...typeSpec(propertyType(p), `${typeName}${capital(p.name)}`), ...description(p) };
      }
    }
    const spec: Spec = { type: "object", properties, ...requiredList([...required].filter((k) => counts.get(k) === members.length)) };
    const shape = JSON.stringify(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, { ...v, description: undefined }])));
    const existing = byShape.get(shape);
    if (existing) return existing;
    const token = `${PACKAGE}:index:${typeName}`;
    if (types[token]) throw new Error(`two different types are both named ${typeName}`);
    byShape.set(shape, token);
    types[token] = spec;
    return token;
  }
  const description = (symbol: ts.Symbol) => {
    const d = docOf(symbol);
    return d ? { description: d } : {};
  };
  const requiredList = (keys: string[]) => (keys.length ? { required: keys.sort() } : {});

  const propertiesOf = (t: ts.Type, owner: string, secret: readonly string[] = []) => {
    const props: Record<string, Spec> = {};
    const required: string[] = [];
    for (const p of checker.getPropertiesOfType(t)) {
      if (!(p.flags & ts.SymbolFlags.Property)) continue;
      const spec: Spec = { ...typeSpec(propertyType(p), `${owner}${capital(p.name)}`), ...description(p) };
      if (secret.includes(p.name)) spec.secret = true;
      else if (/\*\*Secret\.\*\*/.test(String(spec.description))) throw new Error(`${owner}.${p.name} is documented as secret but not marked secret by its provider`);
      props[p.name] = spec;
      if (!optional(p)) required.push(p.name);
    }
    return { props, required };
  };

  const resources: Record<string, Spec> = {};
  for (const r of RESOURCES) {
    const cls = declaration(r.file, r.cls, ts.isClassDeclaration);
    const argsDecl = declaration("argsFile" in r ? r.argsFile : r.file, r.args, ts.isInterfaceDeclaration);
    const inputs = propertiesOf(checker.getTypeAtLocation(argsDecl), r.cls);
    const outputs: Record<string, Spec> = {};
    const outRequired: string[] = [];
    for (const member of cls.members) {
      if (!ts.isPropertyDeclaration(member) || !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      const symbol = checker.getSymbolAtLocation(member.name)!;
      const spec: Spec = { ...typeSpec(propertyType(symbol), `${r.cls}${capital(symbol.name)}`), ...description(symbol) };
      if ((r.secret as readonly string[]).includes(symbol.name)) spec.secret = true;
      else if (/\*\*Secret\.\*\*/.test(String(spec.description))) throw new Error(`${r.cls}.${symbol.name} is documented as secret but not marked secret by its provider`);
      outputs[symbol.name] = spec;
      if (!isOptionalType(propertyType(symbol))) outRequired.push(symbol.name);
    }
    const clsDoc = docOf(checker.getSymbolAtLocation(cls.name!)!);
    resources[r.token] = {
      description: clsDoc,
      ...("component" in r ? { isComponent: true } : {}),
      inputProperties: inputs.props,
      ...(inputs.required.length ? { requiredInputs: inputs.required.sort() } : {}),
      // A custom resource's state holds its inputs too (they are echoed back).
      properties: "component" in r ? outputs : { ...inputs.props, ...outputs },
      ...requiredList(outRequired),
    };
  }

  const settings = declaration(SETTINGS_FILE, "ProviderSettings", ts.isInterfaceDeclaration);
  const variables: Record<string, Spec> = {};
  for (const p of checker.getPropertiesOfType(checker.getTypeAtLocation(settings))) {
    const [, env, ...aliases] = SETTING_SOURCES[p.name as keyof typeof SETTING_SOURCES];
    const doc = [docOf(p), `Environment variable: ${[env, ...aliases].join(", ")}.`].filter(Boolean).join(" ");
    variables[p.name] = { ...typeSpec(propertyType(p), p.name), description: doc, ...(SECRET_SETTINGS.has(p.name as never) ? { secret: true } : {}) };
  }

  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; description: string; license: string };
  return {
    name: PACKAGE,
    displayName: "MongoDB Atlas restore",
    version: pkg.version,
    description: pkg.description,
    keywords: ["pulumi", "mongodb", "atlas", "backup", "restore", "disaster-recovery", "category/database", "kind/native"],
    license: pkg.license,
    meta: { moduleFormat: "(.*)" },
    config: { variables },
    provider: { description: "The atlas-restore provider: credentials and endpoint (stack config `atlas-restore:<name>`, else the environment variables named).", inputProperties: variables },
    resources,
    types,
    language: {
      python: { packageName: "pulumi_atlas_restore", pyproject: { enabled: true }, requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true },
      go: { importBasePath: "pulumi-atlas-restore/sdk/go/atlasrestore", generateResourceContainerTypes: false, respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-atlas-restore/sdk", respectSchemaVersion: true },
      csharp: { rootNamespace: "PulumiAtlasRestore", respectSchemaVersion: true },
      java: { basePackage: "com.pulumiatlasrestore" },
    },
  };
}

export const schemaText = () => `${JSON.stringify(generateSchema(), null, 2)}\n`;

if (require.main === module) {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    if (readFileSync(SCHEMA_PATH, "utf8") !== text) {
      console.error(`${SCHEMA_PATH} is out of date: run npm run schema:plugin`);
      process.exit(1);
    }
  } else writeFileSync(SCHEMA_PATH, text);
  console.log(SCHEMA_PATH);
}
