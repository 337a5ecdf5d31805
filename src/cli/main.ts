#!/usr/bin/env node
/**
 * The `secretwarden` command: sets up V8's code cache for the bundle (compile-cache.ts), then loads the bundle. The
 * bundle is CommonJS because only CommonJS code can be compiled with cached data on Node 20 (ES modules cannot).
 */
import { createRequire } from "node:module";
import { cacheDirectory, enableCompileCache } from "./compile-cache.js";

const directory = cacheDirectory(process.env);
if (directory !== undefined) enableCompileCache(directory);
createRequire(import.meta.url)("./chunks/cli.cjs");
