// Loads the BUILT umbrella package twice in one process — the ESM build (import) and the CommonJS build (require) —
// and mixes them (the dual-package hazard). Prints one JSON line for test/packaging.test.ts.
import { createRequire } from 'node:module';

const esm = await import('../../packages/tapegrad/dist/index.js');
const cjs = createRequire(import.meta.url)('../../packages/tapegrad/dist/index.cjs');

function caught(fn) {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

// Tensors cross copies: an op of one copy takes tensors of the other; one tape records both.
const a = esm.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
const b = cjs.tensor([4, 5, 6], { dtype: 'float64', requiresGrad: true });
const y = cjs.mul(a, b).sum().add(esm.mul(a, a).sum());
y.backward();
// Functional autograd of one copy over a graph recorded through the other.
const [gb] = esm.autograd.grad(cjs.mul(b, b).sum(), [b]);
// A second-order check across copies: gradgradcheck of the ESM copy on a CJS function.
const gg = esm.autograd.gradgradcheck(
  (x) => cjs.linalg.pinv(x).sum(),
  [
    cjs.tensor(
      [
        [2, 1],
        [1, 3],
        [0, 1],
      ],
      { dtype: 'float64', requiresGrad: true },
    ),
  ],
);

// Errors thrown by one copy are instances of the other copy's classes.
const shapeErr = caught(() => cjs.matmul(cjs.ones([2, 3]), cjs.ones([2, 3])));
const dtypeErr = caught(() => esm.tensor('nope'));
// Grad mode, default dtype and the RNG are one per process.
const insideNoGrad = cjs.noGrad(() => esm.isGradEnabled());
esm.manualSeed(7);
const r1 = esm.randn([3]).toArray();
cjs.manualSeed(7);
const r2 = esm.randn([3]).toArray();

console.log(
  JSON.stringify({
    distinctCopies: esm.Tensor !== cjs.Tensor,
    aGrad: a.grad.toArray(),
    bGrad: b.grad.toArray(),
    gb: gb.toArray(),
    gg,
    tensorAcross: [a instanceof cjs.Tensor, b instanceof esm.Tensor],
    shapeErr: [
      shapeErr instanceof esm.ShapeError,
      shapeErr instanceof esm.TapegradError,
      shapeErr instanceof cjs.ShapeError,
      shapeErr instanceof esm.DtypeError,
    ],
    dtypeErr: [
      dtypeErr instanceof cjs.DtypeError,
      dtypeErr instanceof cjs.TapegradError,
      dtypeErr instanceof cjs.LinalgError,
    ],
    insideNoGrad,
    sameRandom: JSON.stringify(r1) === JSON.stringify(r2),
  }),
);
