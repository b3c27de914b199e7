// Consumer app (CommonJS) of the installed tarballs: run by test/tarballs.test.ts inside a scratch npm app.
const { linalg, ShapeError, tensor } = require('tapegrad');

const a = tensor(
  [
    [2, 1],
    [1, 3],
    [0, 1],
  ],
  { dtype: 'float64', requiresGrad: true },
);
linalg.pinv(a).sum().backward();
let shapeError = false;
try {
  a.matmul(a);
} catch (e) {
  shapeError = e instanceof ShapeError;
}
console.log(JSON.stringify({ format: 'cjs', grad: a.grad.toArray(), shapeError }));
