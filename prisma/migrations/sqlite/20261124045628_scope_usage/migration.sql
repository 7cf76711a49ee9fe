-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ServiceAccountScope" (
    "serviceAccountId" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRequestedAt" DATETIME,

    PRIMARY KEY ("serviceAccountId", "scopeId"),
    CONSTRAINT "ServiceAccountScope_serviceAccountId_fkey" FOREIGN KEY ("serviceAccountId") REFERENCES "ServiceAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceAccountScope_scopeId_fkey" FOREIGN KEY ("scopeId") REFERENCES "Scope" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ServiceAccountScope" ("scopeId", "serviceAccountId") SELECT "scopeId", "serviceAccountId" FROM "ServiceAccountScope";
DROP TABLE "ServiceAccountScope";
ALTER TABLE "new_ServiceAccountScope" RENAME TO "ServiceAccountScope";
CREATE INDEX "ServiceAccountScope_scopeId_idx" ON "ServiceAccountScope"("scopeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
