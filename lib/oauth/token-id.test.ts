import { describe, expect, it } from "vitest";
import { randomToken } from "../crypto/random";
import { derivePurposeKey } from "../crypto/purpose-keys";
import { sealedTokenId, tokenIdSealedTo } from "./token-id";

const claims = { client_id: "sa_aaaaaaaaaaaaaaaaaaaa", org_id: "cmorg000000000000000000000", iat: 1_800_000_000, exp: 1_800_003_600, iss: "https://tessera.example.com" };

describe("sealed access token ids", () => {
  it("hold for the claims they were sealed to, and for no change of any of them", () => {
    const jti = sealedTokenId(claims);
    expect(jti).toMatch(/^[A-Za-z0-9_-]{38}$/);
    expect(tokenIdSealedTo({ ...claims, jti, scope: "anything", aud: "https://elsewhere.example" })).toBe(true);

    expect(tokenIdSealedTo({ ...claims, jti, client_id: "sa_bbbbbbbbbbbbbbbbbbbb" })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, org_id: "cmorg000000000000000000001" })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, iat: claims.iat - 1 })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, exp: claims.exp + 86_400 })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, iss: "https://tessera.example.com/" })).toBe(false);
    // As strings, or as anything but whole numbers, the same times do not pass: a seal holds for the claims as issued.
    expect(tokenIdSealedTo({ ...claims, jti, iat: String(claims.iat) })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, exp: claims.exp + 0.5 })).toBe(false);
    for (const missing of ["client_id", "org_id", "iat", "exp", "iss"]) expect(tokenIdSealedTo({ ...claims, jti, [missing]: undefined })).toBe(false);
    // A NUL, or a claim's text moved into its neighbour, is another set of claims.
    expect(tokenIdSealedTo({ ...claims, jti, client_id: `${claims.client_id}\u0000`, org_id: claims.org_id })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti, client_id: `${claims.client_id}","${claims.org_id}`, org_id: "" })).toBe(false);
    // -0 is 0 written alike, so a token issued at 0 would also hold for -0; no other number does.
    const atZero = sealedTokenId({ ...claims, iat: 0 });
    expect(tokenIdSealedTo({ ...claims, jti: atZero, iat: -0 })).toBe(true);
    expect(tokenIdSealedTo({ ...claims, jti: atZero, iat: 1e-9 })).toBe(false);
  });

  it("are new each time, and no id but a sealed one passes", () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => sealedTokenId(claims)));
    expect(ids.size).toBe(2_000);

    const jti = sealedTokenId(claims);
    const flipped = (at: number) => jti.slice(0, at) + (jti[at] === "A" ? "B" : "A") + jti.slice(at + 1);
    // A change in the random part, in the seal, or to the last character's spare bits.
    for (const at of [0, 15, 22, 30]) expect(tokenIdSealedTo({ ...claims, jti: flipped(at) })).toBe(false);
    // 28 bytes in 38 characters: the last one carries 2 bits and 4 spare ones, so it is A, Q, g or w,
    // and the next letter decodes to the same bytes.
    const last = jti.at(-1)!;
    expect("AQgw").toContain(last);
    const spelledOtherwise = jti.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(Buffer.from(spelledOtherwise, "base64url").equals(Buffer.from(jti, "base64url"))).toBe(true);
    expect(tokenIdSealedTo({ ...claims, jti: spelledOtherwise })).toBe(false);

    // Ids from before seals, and anything that is not an id.
    expect(tokenIdSealedTo({ ...claims, jti: randomToken(16) })).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti: randomToken(28) })).toBe(false);
    for (const bad of [undefined, null, 12, "", "x".repeat(38), ["a"]]) expect(tokenIdSealedTo({ ...claims, jti: bad })).toBe(false);
    expect(tokenIdSealedTo({ jti })).toBe(false);
  });

  it("are sealed under a key of their own from TESSERA_SECRET: another installation's does not pass", () => {
    const jti = sealedTokenId(claims);
    expect(tokenIdSealedTo({ ...claims, jti }, derivePurposeKey(process.env.TESSERA_SECRET!, "token-id-seal-v1"))).toBe(true);
    const elsewhere = derivePurposeKey("another-installation-another-installation-0123", "token-id-seal-v1");
    expect(tokenIdSealedTo({ ...claims, jti }, elsewhere)).toBe(false);
    expect(tokenIdSealedTo({ ...claims, jti: sealedTokenId(claims, elsewhere) })).toBe(false);
    // Not the key credentials are hashed with.
    expect(tokenIdSealedTo({ ...claims, jti }, derivePurposeKey(process.env.TESSERA_SECRET!, "credential-hash-v1"))).toBe(false);
  });
});
