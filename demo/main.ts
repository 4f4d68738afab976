/** Entry of `npm start`: mounts the demo dashboard into #app. */
import { createDemo } from './app.js';

const root = document.getElementById('app');
if (!root) throw new Error('omni-notify demo: #app is missing from index.html');
createDemo(root, { location: window.location });
