// Benchmark peer, not product code: an in-memory oidc-provider adapter.
// oidc-provider's own memory adapter is an LRU of 1,000 entries, which would
// forget most of the benchmark's pre-issued tokens and make introspection
// answer inactive; this one keeps everything until it expires.
const models = new Map();

export class MapAdapter {
  constructor(model) {
    if (!models.has(model)) models.set(model, new Map());
    this.store = models.get(model);
  }

  async upsert(id, payload, expiresIn) {
    this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }

  async find(id) {
    const entry = this.store.get(id);
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return entry.payload;
  }

  async findByUid() {
    return undefined;
  }

  async findByUserCode() {
    return undefined;
  }

  async consume(id) {
    const entry = this.store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    this.store.delete(id);
  }

  async revokeByGrantId() {}
}
