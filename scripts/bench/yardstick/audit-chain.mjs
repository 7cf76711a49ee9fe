// Benchmark yardstick, not product code.
//
// One hash-chained audit row per token, committed before the response. The
// yardstick group-commits: requests that arrive while a batch is being
// written wait for the next batch, and each batch is one transaction that
// reads the chain head, links its rows in process and writes them. That is
// what a bare server keeping a hash chain would do (the chain serialises
// writers anyway, so a transaction per token only adds commits), and it is
// what Tessera plans for its own hot path, so the comparison is like for like.
import { createHmac } from "node:crypto";

/** Links rows to the head {seq, hash}: each hash is HMAC-SHA-256 over the row's content and the previous hash. */
export function linker(key) {
  return (head, rows) => {
    let seq = Number(head.seq);
    let prev = head.hash;
    return rows.map((row) => {
      seq += 1;
      const hash = createHmac("sha256", key)
        .update(JSON.stringify([seq, row.occurredAt, row.action, row.clientId, row.jti, prev]))
        .digest("hex");
      const linked = { ...row, seq, prevHash: prev, hash };
      prev = hash;
      return linked;
    });
  };
}

/** append(row) resolves once the row's batch has committed. */
export function createAuditLog(store, key) {
  const link = linker(key);
  let queue = [];
  let running = false;

  async function flush() {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await store.appendAudit(
          batch.map((b) => b.row),
          link,
        );
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    running = false;
  }

  return {
    append(row) {
      return new Promise((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!running) {
          running = true;
          // Let the requests already parsed in this turn of the event loop join the batch.
          setImmediate(flush);
        }
      });
    },
  };
}
