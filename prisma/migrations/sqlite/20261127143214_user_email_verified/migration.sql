-- AlterTable
ALTER TABLE "User" ADD COLUMN "emailVerifiedAt" DATETIME;

-- Existing accounts whose address was vouched for: linked to an identity
-- provider (which only links verified emails), or joined through an
-- invitation that named their email. Everyone else stays unverified.
UPDATE "User" SET "emailVerifiedAt" = "createdAt"
WHERE "id" IN (SELECT "userId" FROM "Identity")
   OR "id" IN (SELECT "acceptedById" FROM "Invitation" WHERE "email" IS NOT NULL AND "acceptedById" IS NOT NULL);
