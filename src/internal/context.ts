import { createContext } from '@lit/context';
import type { NotificationCenter } from '../services/center.js';

/** The host provides its center to every omni-* element inside it. */
export const centerContext = createContext<NotificationCenter | undefined>(Symbol.for('omni-notify/center'));
