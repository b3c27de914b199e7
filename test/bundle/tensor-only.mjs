// Imports ONE name from the umbrella and runs backward: a bundler must keep the autograd engine (issue: an esbuild
// bundle of this used to throw "expected the autograd engine to be loaded"). Bundled by test/bundling.test.ts.
import { tensor } from 'tapegrad';

const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
x.mul(x).sum().backward();
console.log(JSON.stringify({ grad: x.grad.toArray() }));
