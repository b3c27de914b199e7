// The workload both single-format consumer apps (esm.mjs, cjs.cjs) run on the tapegrad they loaded: the gradient of
// pinv and a typed error. CommonJS, so that the ESM app can import it too.
module.exports = function run({ linalg, ShapeError, tensor }) {
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
  return { a, grad: a.grad.toArray(), shapeError };
};
