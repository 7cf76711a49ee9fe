// `npm run build`: generate the Prisma clients and build the production app.
import { buildApp } from "./lib/steps.mjs";

buildApp();
