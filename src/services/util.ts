/** Small helpers every service shares (each written once). No DOM. */

/** A thrown value as one line of text. */
export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A plain object (not null, not an array). */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
