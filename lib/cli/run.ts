/**
 * The `tessera` command's entry (bundled to dist/tessera.mjs by the build;
 * bin/tessera.mjs runs it, or this file through tsx when there is no build).
 */
import { runCli } from "./main";

process.exitCode = await runCli(process.argv.slice(2));
