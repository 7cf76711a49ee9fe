import { fork, type ChildProcess } from "node:child_process";
import { request, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROOF_ENV, serverProof } from "../http/request-context";
import { log } from "../log";

/** Headers of the hop between the two processes, not of the answer (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"]);

/** The client's connection headers, not forwarded (framing, Transfer-Encoding, stays: the body is piped as it came). */
const CLIENT_HOP = new Set(["connection", "keep-alive", "proxy-connection"]);

/**
 * The most header bytes the console's answer may carry. Above Node's 16 KiB
 * default: a redirect echoes the request's URL (up to 16 KiB, the limit we
 * take requests with) in its Location, beside the answer's other headers.
 */
const ANSWER_HEADER_BYTES = 64 * 1024;

/** How long shutdown waits for the console process to write what it holds and exit. */
const STOP_MS = 30_000;

/**
 * The console (Next.js) in a process of its own, behind Tessera's server.
 * The OAuth hot paths then run on an event loop that no page render blocks
 * and that carries none of Next.js's per-promise bookkeeping; the console is
 * reached over a private Unix socket, vouched for by the same per-process
 * proof. If the console process dies, the server stops too (and the
 * orchestrator restarts both), so the two never drift apart.
 */
export async function startConsoleProcess(worker: string, onExit: (code: number | null) => void) {
  const socketPath = join(tmpdir(), `tessera-console-${process.pid}.sock`);
  const child: ChildProcess = fork(worker, [], {
    // The door limits the client's headers (Node's 16 KiB) and then adds its own (request
    // id, client address, proof): the console must take whatever the door took.
    execArgv: [...process.execArgv, "--max-http-header-size=65536"],
    env: { ...process.env, TESSERA_CONSOLE_SOCKET: socketPath, [PROOF_ENV]: serverProof() },
    stdio: "inherit",
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then((code) => {
    if (!stopping) {
      log.error({ code }, "the console process exited; stopping");
      onExit(code);
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(`console process: ${String(m)}`))));
    child.once("exit", (code) => reject(new Error(`the console process exited before it was ready (${code})`)));
  });

  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  /** Forward one request to the console process and its answer back, streaming both ways. */
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    // The client's connection headers are about its connection to us, not ours to the
    // console process: its Connection: close would have the console close our kept-alive
    // socket after an answer given before the body was read (a redirect, a refusal),
    // while we still write the body into it.
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !CLIENT_HOP.has(name)));
    let answered = false;
    const upstream = request({ socketPath, agent, method: req.method, path: req.url, headers, maxHeaderSize: ANSWER_HEADER_BYTES }, (answer) => {
      answered = true;
      // Header by header, added to what the door already set (the request id):
      // writeHead() with raw headers on a response that has headers keeps only
      // the last of a repeated name, and Auth.js answers with several Set-Cookie.
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
      }
      res.writeHead(answer.statusCode ?? 502);
      answer.pipe(res);
    });
    // A client that goes away before its answer is complete takes its hop
    // with it: else the console process waits for a body that never comes
    // (or writes an answer nobody reads), and each such client holds one of
    // the agent's sockets for good, until the console is unreachable.
    let abandoned = false;
    res.once("close", () => {
      if (res.writableFinished) return;
      abandoned = true;
      upstream.destroy();
    });
    upstream.on("error", (e) => {
      // We cut it ourselves (the client went away): nothing failed. Once the console has
      // answered, failing to send it the rest of a body it did not read is no failure either.
      if (abandoned || answered) return;
      log.error({ err: e }, "console process unreachable");
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" }).end("The console is unavailable\n");
      else res.destroy();
    });
    req.pipe(upstream);
  };

  /** Ask the console process to finish and write what it holds; resolves when it has exited. */
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_MS);
    await exited;
    clearTimeout(timer);
    agent.destroy();
  };
  return { forward, stop };
}
