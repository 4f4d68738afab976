/** The stores and their conformance suite, as one module (the test plugin bundles it). */
export { MemoryStore } from './memory.js';
export { RedisStore } from './redis.js';
export { CONFORMANCE_CASES, runConformance, type CaseResult } from './conformance.js';
export { StoreUnavailable, type StateWrite, type Store } from './types.js';
