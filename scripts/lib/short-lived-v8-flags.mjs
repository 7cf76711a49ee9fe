// V8 flags for processes that live seconds: the `tessera` CLI (bin/tessera.mjs)
// and vitest's test workers (vitest.config.ts).
//
// Prisma's query compiler is a 3 MB WebAssembly module, compiled as the
// client loads. By default V8 also optimises its busy functions (TurboFan),
// which such a process never repays: `tessera orgs list` took 1.7 s and 1.9 s
// of CPU, 1.05 s and 1.15 s with baseline code only; exporting 104,590 audit
// events took no longer. The server keeps V8's default: it lives long enough.
// (Not --liftoff-only, which does the same but is a testing flag that aborts
// where Liftoff cannot compile a function.)
export const SHORT_LIVED_V8_FLAGS = ["--no-wasm-tier-up", "--no-wasm-dynamic-tiering"];
