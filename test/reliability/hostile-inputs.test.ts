/**
 * Issue #17 ("Reliability II"), the in-process items: silently wrong results, wrong gradients without an error, values
 * read twice, detached buffers, plain TypeErrors and messages naming internal ops. Each block is one item of the issue;
 * every expected value is independent (closed forms, PyTorch's documented behaviour, exact integer arithmetic).
 */
import { expectTypedError } from '@tapegrad/testing/errors';
import {
  arange,
  autograd,
  copyInto,
  type DType,
  fromMathjs,
  full,
  indexSelect,
  linalg,
  linspace,
  manualSeed,
  rand,
  randint,
  reshape,
  softplus,
  sum,
  type Tensor,
  type TensorData,
  tensor,
  view,
  zeros,
} from 'tapegrad';
import { afterEach, describe, expect, it } from 'vitest';

const f64 = (data: TensorData, requiresGrad = false): Tensor => tensor(data, { dtype: 'float64', requiresGrad });

/** A zero-copy tensor over `data` whose buffer is then transferred away (detached). */
function detached(shape: number[] = [2, 2]): Tensor {
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(1);
  const t = tensor(data, { shape });
  structuredClone(data.buffer, { transfer: [data.buffer] });
  return t;
}

describe('3. int32 never wraps where tapegrad chose the value', () => {
  it('arange, randint and linspace refuse int32 values outside [-2^31, 2^31)', () => {
    expectTypedError(() => arange(2 ** 31 - 2, 2 ** 31 + 1), 'DtypeError', 'arange');
    expect(arange(2 ** 31 - 3, 2 ** 31).toArray()).toEqual([2 ** 31 - 3, 2 ** 31 - 2, 2 ** 31 - 1]);
    expectTypedError(() => randint(0, 2 ** 40, [5]), 'DtypeError', 'randint');
    expectTypedError(() => randint(-(2 ** 31) - 1, 0, [5]), 'DtypeError', 'randint');
    const r = randint(-(2 ** 31), 2 ** 31, [1000]).toArray() as number[];
    expect(r.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)).toBe(true);
    expectTypedError(() => linspace(0, 3e9, 3, { dtype: 'int32' }), 'DtypeError', 'linspace');
    expect(linspace(-7, 7, 3, { dtype: 'int32' }).toArray()).toEqual([-7, 0, 7]);
  });

  it('casts of NaN, ±Infinity and out-of-range values to int32 are refused (cast and copyInto)', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e9, -2147483649])
      expectTypedError(() => f64([1, v]).to('int32'), 'DtypeError', 'to');
    expect(f64([-2147483648.9, 2147483647.9, -1.5]).to('int32').toArray()).toEqual([-2147483648, 2147483647, -1]);
    const dst = zeros([2], { dtype: 'int32' });
    expectTypedError(() => copyInto(f64([1, Number.NaN]), dst), 'DtypeError', 'copyInto');
    expect(dst.toArray()).toEqual([0, 0]); // nothing written
    expectTypedError(() => tensor([{ re: Number.NaN, im: 0 }]).to('int32'), 'DtypeError', 'to');
  });

  it('an int32 operand that is not representable is refused, not wrapped (as torch)', () => {
    const x = tensor([1], { dtype: 'int32' });
    expectTypedError(() => x.add(3e9), 'DtypeError', 'add');
    expectTypedError(() => x.eq(-(2 ** 31) - 1), 'DtypeError', 'eq');
    expect(x.add(2 ** 31 - 2).toArray()).toEqual([2 ** 31 - 1]);
  });

  it('int32 sum and prod are exact or a DtypeError (PyTorch reduces into int64, which tapegrad has not)', () => {
    expectTypedError(() => full([3], 1.5e9, { dtype: 'int32' }).sum(), 'DtypeError', 'sum');
    expect(full([3], 5e8, { dtype: 'int32' }).sum().item()).toBe(1.5e9);
    // Partial sums far beyond int32 that come back in range are still exact (compensated summation).
    const big = tensor([2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31), 5], { dtype: 'int32' });
    expect(big.sum().item()).toBe(3);
    const rows = tensor(
      [
        [2 ** 30, 2 ** 30],
        [1, 2],
      ],
      { dtype: 'int32' },
    );
    expectTypedError(() => rows.sum(1), 'DtypeError', 'sum'); // row 0 sums to 2^31
    expect(rows.sum(0).toArray()).toEqual([2 ** 30 + 1, 2 ** 30 + 2]);
    expectTypedError(() => full([3], 5e4, { dtype: 'int32' }).prod(), 'DtypeError', 'prod');
    expect(tensor([5e4, 0, 5e4, 5e4], { dtype: 'int32' }).prod().item()).toBe(0);
    expect(tensor([-3, 7, 11], { dtype: 'int32' }).prod().item()).toBe(-231);
  });

  it('elementwise int32 arithmetic wraps modulo 2^32, as in PyTorch (documented)', () => {
    const x = tensor([2 ** 31 - 1, -(2 ** 31), 65536], { dtype: 'int32' });
    expect(x.add(1).toArray()).toEqual([-(2 ** 31), -(2 ** 31) + 1, 65537]);
    expect(x.mul(x).toArray()).toEqual([1, 0, 0]); // exact two's-complement products (Math.imul)
  });
});

describe('4. bool tensors hold only 0 and 1', () => {
  it('a zero-copy Uint8Array with other values is refused; an int32 copy is the way', () => {
    expectTypedError(() => tensor(new Uint8Array([0, 2, 255])), 'DtypeError', 'tensor');
    expectTypedError(() => tensor(new Uint8Array([1, 3]), { dtype: 'bool' }), 'DtypeError', 'tensor');
    const ok = tensor(new Uint8Array([0, 1, 1]));
    expect([ok.dtype, ok.sum().item(), ok.eq(true).toArray()]).toEqual(['bool', 2, [false, true, true]]);
    expect(
      tensor(new Uint8Array([0, 2, 255]), { dtype: 'int32' })
        .sum()
        .item(),
    ).toBe(257);
  });

  it('arange refuses bool (as torch); randint with bool draws only from [0, 2)', () => {
    expectTypedError(() => arange(0, 3, { dtype: 'bool' }), 'DtypeError', 'arange');
    expectTypedError(() => randint(0, 5, [4], { dtype: 'bool' }), 'DtypeError', 'randint');
    const b = randint(0, 2, [200], { dtype: 'bool' });
    expect(b.storage.every((v) => v === 0 || v === 1)).toBe(true);
    expect(b.sum().item()).toBe((b.toArray() as boolean[]).filter(Boolean).length);
  });

  it('every way of writing bool storage canonicalizes: casts, fills, linspace, typed-array copies', () => {
    const canonical = (t: Tensor) => t.storage.every((v) => v === 0 || v === 1);
    expect(canonical(f64([0, 2, -0.5, Number.NaN]).to('bool'))).toBe(true);
    expect(canonical(full([3], 7, { dtype: 'bool' }))).toBe(true);
    expect(canonical(linspace(0, 4, 5, { dtype: 'bool' }))).toBe(true);
    expect(canonical(tensor(new Float64Array([0, 3, 9]), { dtype: 'bool' }))).toBe(true);
    expect(canonical(tensor([0, 3, 9], { dtype: 'bool' }))).toBe(true);
  });
});

describe('5. no NaN/Inf where the answer is representable', () => {
  it('linspace(−1e308, 1e308, 5) is [−1e308, −5e307, 0, 5e307, 1e308]', () => {
    expect(linspace(-1e308, 1e308, 5, { dtype: 'float64' }).toArray()).toEqual([-1e308, -5e307, 0, 5e307, 1e308]);
    expect(linspace(-Number.MAX_VALUE, Number.MAX_VALUE, 3, { dtype: 'float64' }).toArray()).toEqual([
      -Number.MAX_VALUE,
      0,
      Number.MAX_VALUE,
    ]);
  });

  it('slogdet of [[1e308, 1e308], [1e308, −1e308]]: sign −1, log|det| = log 2 + 2·log 1e308', () => {
    const { sign, logabsdet } = linalg.slogdet(
      f64([
        [1e308, 1e308],
        [1e308, -1e308],
      ]),
    );
    expect(sign.item()).toBe(-1);
    expect(logabsdet.item()).toBeCloseTo(Math.LN2 + 2 * Math.log(1e308), 10);
    // subnormal and huge rows in one matrix: det = 1e-310 · 1e300 = 1e-10
    const mixed = linalg.slogdet(
      f64([
        [1e-310, 0],
        [0, 1e300],
      ]),
    );
    expect(mixed.sign.item()).toBe(1);
    expect(mixed.logabsdet.item()).toBeCloseTo(Math.log(1e-10), 8);
    expect(
      linalg
        .det(
          f64([
            [2e-300, 0],
            [0, 5e299],
          ]),
        )
        .item(),
    ).toBeCloseTo(1, 12);
    // complex: det([[1e308 i, 0], [0, 1e308]]) = 1e616·i
    const c = linalg.slogdet(
      tensor(
        [
          [
            { re: 0, im: 1e308 },
            { re: 0, im: 0 },
          ],
          [
            { re: 0, im: 0 },
            { re: 1e308, im: 0 },
          ],
        ],
        { dtype: 'complex128' },
      ),
    );
    expect(c.sign.item()).toEqual({ re: 0, im: 1 });
    expect(c.logabsdet.item()).toBeCloseTo(2 * Math.log(1e308), 10);
  });

  it.each([
    ['vectorNorm', (x: Tensor) => linalg.vectorNorm(x)],
    ['norm', (x: Tensor) => linalg.norm(x)],
    ['matrixNorm fro', (x: Tensor) => linalg.matrixNorm(x.reshape([1, 2]))],
  ])('%s of [1e200, 1e200] and [1e-200, 1e-200]: √2·scale with gradient [1/√2, 1/√2] (dnrm2 scaling)', (_name, fn) => {
    for (const scale of [1e200, 1e-200, 1e-310, 1e308]) {
      const x = f64([scale, scale], true);
      const n = fn(x);
      n.backward();
      expect(n.item() as number).toBeCloseTo(Math.SQRT2 * scale, 0);
      expect(Math.abs((n.item() as number) / (Math.SQRT2 * scale) - 1)).toBeLessThan(
        1e-15 * (scale < 1e-300 ? 1e10 : 1),
      );
      const g = x.grad!.toArray() as number[];
      for (const v of g) expect(v).toBeCloseTo(Math.SQRT1_2, scale < 1e-300 ? 5 : 14);
    }
  });

  it('the scaled norms keep their second derivatives, zeros, infinities, NaN and batches', () => {
    const x = f64([1e200, 0, -1e200], true);
    expect(autograd.gradgradcheck((t) => linalg.vectorNorm(t.mul(1e-200)), [f64([3, 0, -4], true)])).toBe(true);
    expect(linalg.vectorNorm(x).item()).toBeCloseTo(Math.SQRT2 * 1e200, -186);
    expect(linalg.vectorNorm(f64([0, 0])).item()).toBe(0);
    expect(linalg.vectorNorm(f64([Number.POSITIVE_INFINITY, 1])).item()).toBe(Number.POSITIVE_INFINITY);
    expect(linalg.vectorNorm(f64([Number.NaN, 1e300])).item()).toBeNaN();
    const rows = linalg.vectorNorm(
      f64([
        [3e300, 4e300],
        [3e-300, 4e-300],
        [3, 4],
      ]),
      2,
      1,
    );
    const r = rows.toArray() as number[];
    expect(r[0] / 5e300).toBeCloseTo(1, 14);
    expect(r[1] / 5e-300).toBeCloseTo(1, 14);
    expect(r[2]).toBe(5);
    expect((linalg.vectorNorm(f64([1e200, 1e200]), 3).item() as number) / (2 ** (1 / 3) * 1e200)).toBeCloseTo(1, 14);
    expect(linalg.vectorNorm(tensor([1e30, 1e30], { dtype: 'float32' })).item()).toBeCloseTo(Math.SQRT2 * 1e30, -24);
  });
});

describe('6. no wrong gradient without an error', () => {
  it('a leaf hook returning another shape or dtype is an AutogradError naming the called op', () => {
    const x = f64([1, 2], true);
    x.registerHook(() => zeros([3], { dtype: 'float64' }));
    expectTypedError(() => x.sum().backward(), 'AutogradError', 'Tensor.backward');
    const y = f64([1, 2], true);
    y.registerHook((g) => g.to('float32'));
    expectTypedError(() => autograd.grad(y.mul(2).sum(), [y]), 'AutogradError', 'autograd.grad');
    const z = f64([1, 2], true);
    z.registerHook(() => 5 as unknown as Tensor);
    expectTypedError(() => z.sum().backward(), 'DtypeError', 'Tensor.backward');
    const ok = f64([1, 2], true);
    ok.registerHook((g) => g.mul(3));
    ok.sum().backward();
    expect(ok.grad!.toArray()).toEqual([3, 3]);
  });

  it('defineFunction: a complex gradient for a real input is an AutogradError, not a dropped imaginary part', () => {
    const f = autograd.defineFunction({
      name: 'twice',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: (_ctx, g: Tensor) => [g.to('complex128').mul({ re: 2, im: 1 })],
    });
    const x = f64([1], true);
    expectTypedError(() => (f(x) as Tensor).sum().backward(), 'AutogradError', 'twice');
  });

  it('two zero-copy tensors over one ArrayBuffer share a version counter; disjoint ranges do not', () => {
    const buffer = new Float64Array([1, 2, 3, 4]);
    const a = tensor(buffer.subarray(0, 2));
    const alias = tensor(new Float64Array(buffer.buffer, 0, 2));
    const other = tensor(new Float64Array(buffer.buffer, 16, 2));
    const w = f64([1, 1], true);
    const out = w.mul(a).sum();
    copyInto(f64([5, 5]), other); // the other half of the buffer: no conflict
    const out2 = w.mul(a).sum();
    out2.backward();
    expect(w.grad!.toArray()).toEqual([1, 2]);
    copyInto(f64([5, 5]), alias); // the bytes `a` was saved with
    expectTypedError(
      () => out.backward(),
      'AutogradError',
      'Tensor.backward',
      /^Tensor\.backward: .*modified by an in-place/,
    );
  });
});

describe('8. tensors over detached buffers', () => {
  it.each([
    ['sum', (t: Tensor) => t.sum()],
    ['item', () => detached([1]).item()],
    ['reshape', (t: Tensor) => t.reshape([4])],
    ['toArray', (t: Tensor) => t.toArray()],
    ['toTypedArray', (t: Tensor) => t.toTypedArray()],
    ['add', (t: Tensor) => t.add(1)],
    ['matmul', (t: Tensor) => t.matmul(t)],
    ['exp', (t: Tensor) => t.exp()],
    ['to', (t: Tensor) => t.to('float32')],
    ['clone', (t: Tensor) => t.clone()],
    ['linalg.inv', (t: Tensor) => linalg.inv(t)],
    [
      'copyInto',
      (t: Tensor) =>
        copyInto(
          f64([
            [1, 2],
            [3, 4],
          ]),
          t,
        ),
    ],
    ['copyInto', (t: Tensor) => copyInto(t, zeros([2, 2], { dtype: 'float64' }))],
  ])('%s is a DtypeError naming the op', (op, call) => {
    expectTypedError(() => call(detached()), 'DtypeError', op);
  });

  it('printing says what happened; resizable buffers (which can shrink) are refused up front', () => {
    expect(String(detached())).toMatch(/detached buffer/);
    // ES2024 resizable buffers (Node ≥ 20): the tensor would read past a shrunk end.
    const resizable = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(32, {
      maxByteLength: 64,
    });
    expectTypedError(() => tensor(new Float64Array(resizable)), 'DtypeError', 'tensor');
  });
});

describe('9. every user value is read once; options are own properties', () => {
  afterEach(() => {
    for (const key of ['dtype', 'alpha', 'requiresGrad', 're', 'im', '0'])
      delete (Object.prototype as Record<string, unknown>)[key];
  });

  it('a re getter is read once: the value checked is the value stored', () => {
    let reads = 0;
    const z = {
      get re() {
        reads++;
        return reads === 1 ? 1 : Number.NaN;
      },
      im: 2,
    };
    expect(tensor([z]).toArray()).toEqual([{ re: 1, im: 2 }]);
    expect(reads).toBe(1);
    let scalarReads = 0;
    const w = {
      get re() {
        scalarReads++;
        return scalarReads === 1 ? 1 : 'x';
      },
      im: 0,
    };
    expect(
      f64([1])
        .add(w as unknown as number)
        .toArray(),
    ).toEqual([{ re: 2, im: 0 }]);
    expect(scalarReads).toBe(1);
  });

  it('a Proxy options object whose dtype changes between reads is read once', () => {
    let reads = 0;
    const opts = new Proxy({ dtype: 'float64' } as { dtype: DType }, {
      get: (target, key) => (key === 'dtype' ? (reads++ === 0 ? 'float64' : 'bogus') : Reflect.get(target, key)),
    });
    const t = tensor([1, 2], opts);
    expect(t.dtype).toBe('float64');
    expect(t.storage).toBeInstanceOf(Float64Array);
    expect(reads).toBe(1);
  });

  it('a typed-array subclass with a lying length cannot set the shape', () => {
    class Lying extends Float64Array {
      override get length(): number {
        return 2;
      }
    }
    const t = tensor(new Lying([1, 2, 3, 4]));
    expect(t.shape).toEqual([4]);
    expect(t.sum().item()).toBe(10);
    expect(t.storage.constructor).toBe(Float64Array);
  });

  it('a shape array whose entries change between reads is read once', () => {
    const changing = () => {
      let reads = 0;
      return new Proxy([2, 2], {
        get: (target, key) => (key === '0' ? (reads++ === 0 ? 2 : -5) : Reflect.get(target, key)),
      });
    };
    expect(zeros(changing()).shape).toEqual([2, 2]);
    expect(reshape(zeros([4]), changing()).shape).toEqual([2, 2]);
    expect(zeros([2, 1]).expand(changing()).shape).toEqual([2, 2]);
    let permReads = 0;
    const perm = new Proxy([1, 0], {
      get: (target, key) => (key === '0' ? (permReads++ === 0 ? 1 : 7) : Reflect.get(target, key)),
    });
    expect(zeros([2, 3]).permute(perm).shape).toEqual([3, 2]);
  });

  it('prototype pollution changes nothing: dtype, alpha, requiresGrad, re/im, array indices', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.dtype = 'int32';
    proto.alpha = 1000;
    proto.requiresGrad = true;
    expect(tensor([1.7]).dtype).toBe('float32');
    expect(tensor([1.7], {}).dtype).toBe('float32');
    expect(zeros([2], {}).requiresGrad).toBe(false);
    expect(
      tensor([1])
        .add(tensor([1]), {})
        .toArray(),
    ).toEqual([2]);
    proto.re = 1;
    proto.im = 0;
    expectTypedError(() => tensor([{}] as unknown as TensorData), 'DtypeError', 'tensor');
  });
});

describe('12. misuse gives typed errors, not TypeErrors', () => {
  it.each([
    ['reshape', () => reshape(zeros([4]), 4 as unknown as number[]), 'ShapeError'],
    ['view', () => view(zeros([4]), null as unknown as number[]), 'ShapeError'],
    ['sum', () => sum(zeros([2]), Symbol('d') as unknown as number), 'ShapeError'],
    ['add', () => zeros([1]).add(Symbol('x') as unknown as number), 'DtypeError'],
    ['add', () => zeros([1]).add(Proxy.revocable({}, {}).proxy as unknown as number), 'DtypeError'],
  ] as const)('%s', (op, call, name) => {
    expectTypedError(call, name, op);
  });

  it('a revoked Proxy anywhere a tensor, shape or options object goes', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expectTypedError(() => zeros(proxy as unknown as number[]), 'DtypeError', 'zeros');
    expectTypedError(() => tensor(proxy as unknown as TensorData), 'DtypeError', 'tensor');
    expectTypedError(() => tensor([1], proxy as object), 'DtypeError', 'tensor');
    expectTypedError(() => linalg.pinv(proxy as unknown as Tensor), 'DtypeError', 'linalg.pinv');
  });
});

describe('13. messages start with the op that was called', () => {
  it.each([
    ['indexSelect', () => indexSelect(zeros([3]), 0, [2 ** 40]), 'DtypeError'],
    ['fromMathjs', () => fromMathjs([[1, 'a']] as unknown as TensorData), 'DtypeError'],
    ['fromMathjs', () => fromMathjs([2 ** 40], { dtype: 'int32' }), 'DtypeError'],
    ['diagEmbed', () => zeros([2]).diagEmbed(0, 0, 0), 'ShapeError'],
    ['diagEmbed', () => zeros([2]).diagEmbed(1e9), 'ShapeError'],
    ['zeros', () => zeros([2], { dtype: 'int32', requiresGrad: true }), 'DtypeError'],
    ['tensor', () => tensor([1], { dtype: 'int32', requiresGrad: true }), 'DtypeError'],
    ['softplus', () => softplus(tensor([true])), 'DtypeError'],
    [
      'contiguous',
      () =>
        zeros([2, 3])
          .T.contiguous()
          .view(Symbol('s') as unknown as number[]),
      'ShapeError',
    ],
  ] as const)('%s', (op, call, name) => {
    expectTypedError(call, name, op === 'contiguous' ? 'view' : op);
  });

  it('linalg.cond of an empty matrix is 0, as torch (it used to fail inside amax)', () => {
    expect(linalg.cond(zeros([0, 0], { dtype: 'float64' })).item()).toBe(0);
    expect(linalg.cond(zeros([3, 0, 0], { dtype: 'float64' }), 1).toArray()).toEqual([0, 0, 0]);
  });

  it('a hook that fails inside backward names the called op', () => {
    const x = f64([1, 2], true);
    x.registerHook(() => zeros([2, 2], { dtype: 'float64' }));
    expectTypedError(() => autograd.grad(x.sum(), [x]), 'AutogradError', 'autograd.grad');
  });
});

describe('14. seeds are integers in [-2^63, 2^64), distinct seeds distinct streams', () => {
  it('non-integer and out-of-range seeds are refused', () => {
    for (const seed of [0.5, 2 ** 64, 1e300, -(2 ** 64), Number.NaN])
      expectTypedError(() => manualSeed(seed), 'DtypeError', 'manualSeed');
  });

  it('seeds that used to collide (0, 2^32, 2^33, 2^63, 2^64 − 2^12) now give different first draws', () => {
    const first = [0, 2 ** 32, 2 ** 33, 2 ** 63, 2 ** 64 - 2 ** 12, -1, 1].map((s) => {
      manualSeed(s);
      return (rand([4], { dtype: 'float64' }).toArray() as number[]).join(',');
    });
    expect(new Set(first).size).toBe(first.length);
    manualSeed(0);
  });
});
