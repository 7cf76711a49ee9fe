import type { Command } from "commander";
import { print, table } from "../output";
import { cliActor } from "../../audit/actors";
import { lazy } from "../lazy";

const publishedKeys = lazy(() => import("../../oauth/signing-keys"), "publishedKeys");
const rotateSigningKey = lazy(() => import("../../oauth/signing-keys"), "rotateSigningKey");

export function registerKeys(program: Command) {
  const keys = program.command("keys").description("JWT signing keys");

  keys
    .command("list")
    .description("List published signing keys (public parts only)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const now = new Date();
      const rows = (await publishedKeys(now)).map((k) => ({
        kid: k.kid,
        alg: k.alg,
        state: k.activatesAt > now ? "published, not yet signing" : k.retiredAt && k.retiredAt <= now ? "retired, still published" : "signing",
        publishedAt: k.createdAt.toISOString(),
        signsFrom: k.activatesAt.toISOString(),
        publishedUntil: k.publishedUntil?.toISOString() ?? null,
      }));
      print(o, rows, () => table(rows, ["kid", "alg", "state", "signsFrom", "publishedUntil"]));
    });

  keys
    .command("rotate")
    .description("Publish a new signing key now; it signs after the publication delay")
    .option("--delay <seconds>", "publication delay before the new key signs (default TESSERA_KEY_PUBLICATION_DELAY_SECONDS)")
    .option("--alg <alg>", "ES256, EdDSA or RS256 (default TESSERA_SIGNING_ALG)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const delaySeconds = o.delay === undefined ? undefined : Number(o.delay);
      if (delaySeconds !== undefined && (!Number.isInteger(delaySeconds) || delaySeconds < 0)) throw new Error("--delay must be a whole number of seconds");
      if (o.alg && !["ES256", "EdDSA", "RS256"].includes(o.alg)) throw new Error("--alg must be ES256, EdDSA or RS256");
      const result = await rotateSigningKey(cliActor(), { delaySeconds, alg: o.alg });
      print(o, result, () => `Published key ${result.kid} (${result.alg}); it signs from ${result.activatesAt}.`);
    });
}
