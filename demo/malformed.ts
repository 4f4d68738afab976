/** Frames the "Send malformed message" button injects, in turn: each must end as an omni-error, never a throw. */
export interface MalformedFrame {
  description: string;
  data: string | object;
}

const FRAMES: readonly MalformedFrame[] = [
  { description: 'truncated JSON', data: '{"v":1,"type":"offer"' },
  {
    description: 'offer with ill-typed fields',
    data: {
      v: 1,
      type: 'offer',
      id: 'malformed-offer',
      ts: 0,
      offer: { offerId: 42, conversationId: null, scenario: 'chat', channel: 'chat', customer: 'Mallory', expiresAt: 'soon' },
    },
  },
  { description: 'unsupported protocol version', data: { v: 99, type: 'offer', id: 'malformed-version', ts: 0 } },
  { description: 'unknown message type', data: { v: 1, type: 'surprise', id: 'malformed-type', ts: 0 } },
];

export function malformedFrame(n: number): MalformedFrame {
  const f = FRAMES[n % FRAMES.length];
  // A fresh id each time, so dedup never hides a repeat.
  return typeof f.data === 'object' ? { ...f, data: { ...f.data, id: `${(f.data as { id: string }).id}-${n}` } } : f;
}
