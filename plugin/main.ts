#!/usr/bin/env node
// `pulumi-resource-trtc`: the engine starts it with its own address as the argument and reads the
// port it serves on from its first line of output (plugin/server.ts).
import { FUNCTION_SPECS, RESOURCE_SPECS } from "../registry";
import schema = require("./schema.json");
import { serve } from "./server";

const [engineAddress] = process.argv.slice(2);
serve({ version: schema.version, schema: JSON.stringify(schema), specs: RESOURCE_SPECS, functions: FUNCTION_SPECS }, engineAddress).catch((e: unknown) => {
  console.error(`pulumi-resource-trtc: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
