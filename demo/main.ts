/** Entry of `npm start`: mounts the demo dashboard into #app, remembering settings in localStorage. */
import { createDemo } from './app.js';

const root = document.getElementById('app');
if (!root) throw new Error('omni-notify demo: #app is missing from index.html');

function storage(): Storage | null {
  try {
    return window.localStorage; // null-ish or throwing where storage is blocked
  } catch {
    return null;
  }
}

createDemo(root, { location: window.location, storage: storage() });
