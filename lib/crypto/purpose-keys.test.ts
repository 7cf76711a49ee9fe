import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { derivePurposeKey, purposeHmacKey, purposeKey, type KeyPurpose } from "./purpose-keys";

const PURPOSES: KeyPurpose[] = ["credential-hash-v1", "audit-chain-v1", "token-id-seal-v1", "signing-key-encryption-v1", "idempotent-response-v1", "webhook-secret-v1"];

describe("purpose keys", () => {
  it("derive as they always have: HKDF-SHA-256, salt tessera, the purpose as info (stored hashes, chains and seals depend on it)", () => {
    const secret = "tessera-test-secret-tessera-test-secret-0123";
    expect(derivePurposeKey(secret, "credential-hash-v1").toString("hex")).toBe("33870da0bd812b66accc20a1dfe696f4daa4272b94dfeed0d31568f8028e615c");
    expect(derivePurposeKey(secret, "audit-chain-v1").toString("hex")).toBe("bc5a763bd365c2f1c1460faec696f113db4f4888bb056982591450b9ffef5025");
    expect(derivePurposeKey(secret, "token-id-seal-v1").toString("hex")).toBe("b4d007192e10cbe03d013044ed353ca21094db8eaea2947fc80f1de250e5eb62");
  });

  it("give each purpose a key of its own, under the current TESSERA_SECRET", () => {
    const keys = PURPOSES.map((p) => purposeKey(p).toString("hex"));
    expect(new Set(keys).size).toBe(PURPOSES.length);
    for (const p of PURPOSES) expect(purposeKey(p).equals(derivePurposeKey(process.env.TESSERA_SECRET!, p))).toBe(true);
    expect(derivePurposeKey("another-secret-another-secret-another-secret", "audit-chain-v1").equals(purposeKey("audit-chain-v1"))).toBe(false);
  });

  it("hand the HMACs the same key as a KeyObject: the same hashes as the key's bytes", () => {
    for (const p of PURPOSES) {
      expect(purposeHmacKey(p).export().equals(purposeKey(p))).toBe(true);
      const hmac = (key: Parameters<typeof createHmac>[1]) => createHmac("sha256", key).update("tss_value").digest("hex");
      expect(hmac(purposeHmacKey(p))).toBe(hmac(purposeKey(p)));
    }
    expect(purposeHmacKey("audit-chain-v1")).toBe(purposeHmacKey("audit-chain-v1"));
  });
});
