import { config } from "zod";

// Runs in the browser before any of the app's code. Zod compiles object
// parsers with `new Function` unless told not to, and its probe for that
// trips the console's CSP (no 'unsafe-eval'). The browser only validates
// small forms, so the interpreted parser costs nothing noticeable; servers
// keep the compiled one. This must run before the first schema is built,
// which is why it is here and not next to the schemas.
config({ jitless: true });
