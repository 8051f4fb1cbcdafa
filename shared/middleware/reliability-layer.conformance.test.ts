import { buildProbeApp } from './testing/probe-app.ts';
import { layerConformance } from './testing/layer-conformance.ts';

// Node side of the conformance suite: the probe app through app.request() (no server).
const app = buildProbeApp();
layerConformance('node (app.request)', () => (path, init) => Promise.resolve(app.request(path, init)));
