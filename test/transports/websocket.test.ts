import { runConformance } from './conformance.js';
import { serverHarnessFactory } from './harnesses.js';

runConformance('WebSocket (reference server process, TCP proxy)', serverHarnessFactory('ws'), { restart: true });
