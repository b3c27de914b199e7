// Requires the BUILT umbrella package from CommonJS (see probe.cjs for what is reported).
require('./probe.cjs').probe('cjs', async () => require('../../packages/tapegrad/dist/index.cjs'));
