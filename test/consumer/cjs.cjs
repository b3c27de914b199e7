// Consumer app (CommonJS) of the installed tarballs: run by test/tarballs.test.ts inside a scratch npm app.
const tg = require('tapegrad');
const run = require('./workload.cjs');

const { grad, shapeError } = run(tg);
console.log(JSON.stringify({ format: 'cjs', grad, shapeError }));
