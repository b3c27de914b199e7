// Loads the BUILT umbrella package with `load` and reports what it sees as one JSON line (shared by cjs.cjs and
// esm.mjs, run by test/packaging.test.ts). Globals and process warnings are observed around the load, to check that
// loading has no side effects.
async function probe(format, load) {
  const globalsBefore = new Set(Reflect.ownKeys(globalThis).map(String));
  let emitted = 0;
  const emitWarning = process.emitWarning;
  process.emitWarning = (...args) => {
    emitted++;
    return emitWarning.apply(process, args);
  };
  process.on('warning', () => emitted++);

  const mod = await load();
  const { tensor, warnings, matmul, ones, Tensor } = mod;

  const added = Reflect.ownKeys(globalThis)
    .map(String)
    .filter((k) => !globalsBefore.has(k));
  const product = matmul(ones([2, 3]), ones([3, 2]));
  const t = tensor([
    [1, 2],
    [3, 4],
  ]);
  const recorded = warnings.record(() => warnings.warn('NumericalWarning', 'PACKAGING_TEST', 'recorded, not printed'));

  await new Promise((resolve) => setTimeout(resolve, 20));
  console.log(
    JSON.stringify({
      format,
      keys: Object.keys(mod).sort(),
      added,
      emitted,
      product: product.toArray(),
      dtype: t.dtype,
      isTensor: t instanceof Tensor,
      recorded: recorded.warnings.map((w) => w.code),
      namespaces: ['autograd', 'linalg', 'warnings'].map((k) => typeof mod[k]),
    }),
  );
}

module.exports = { probe };
