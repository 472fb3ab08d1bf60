#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packagedProvider } from "./provider";
import { serve } from "./serve";

/**
 * The `pulumi-resource-atlas-restore` plugin's entry: the packaged provider, its schema (generated
 * by scripts/plugin/schema.ts, beside this file) and version (the package's).
 */
const schema = readFileSync(join(__dirname, "schema.json"), "utf8");
const version = (JSON.parse(schema) as { version: string }).version;
void serve(packagedProvider(version, schema), process.argv.slice(2));
