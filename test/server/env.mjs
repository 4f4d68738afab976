/** Server environment for tests: short timings (dead connections found in about two seconds), test hooks on. */
export const TEST_SERVER_ENV = {
  OMNI_STATIC_DIR: '',
  OMNI_TEST_HOOKS: '1',
  OMNI_CORS_ORIGINS: '*',
  OMNI_HEARTBEAT_INTERVAL_MS: '100',
  OMNI_HEARTBEAT_TIMEOUT_MS: '2000',
  OMNI_RECONNECT_GRACE_MS: '500',
  OMNI_SSE_RESUME_MS: '1500',
  OMNI_CAPACITY: '5',
  OMNI_DEMO_CONTACTS: '0',
};
