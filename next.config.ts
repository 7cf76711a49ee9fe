import type { NextConfig } from "next";
import { staticAssetHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm-backed packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc) before building; doing it
  // again inside every build would only slow `npm start` down.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Pages and routes get their security headers from proxy.ts (a CSP nonce
  // per response, HSTS when served over https); build assets, which the proxy
  // skips, get the deployment-independent ones here.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: Object.entries(staticAssetHeaders()).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
