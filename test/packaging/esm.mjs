// Imports the BUILT umbrella package from ESM (see probe.cjs for what is reported).
import probeModule from './probe.cjs';

await probeModule.probe('esm', () => import('../../packages/tapegrad/dist/index.js'));
