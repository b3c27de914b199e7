// Imports only from @tapegrad/core and @tapegrad/linalg (never from autograd or the umbrella) and runs backward
// through pinv: linalg loads the engine itself. Bundled by test/bundling.test.ts.
import { tensor } from '@tapegrad/core';
import { pinv } from '@tapegrad/linalg';

const a = tensor(
  [
    [2, 1],
    [1, 3],
    [0, 1],
  ],
  { dtype: 'float64', requiresGrad: true },
);
pinv(a).sum().backward();
console.log(JSON.stringify({ grad: a.grad.toArray() }));
