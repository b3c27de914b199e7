/**
 * linalg.pinv / pinverse beyond the PyTorch fixtures: gradcheck and gradgradcheck over shapes, dtypes, options and
 * exactly rank-deficient inputs with the rank held; PyTorch's tolerance semantics (docs/semantics.md §3.3); the hermitian path;
 * empty inputs; `out`; the single tape node; float32; extreme scales; and the forward-mode formula pinvJvp.
 */
import { grad, gradcheck } from '@tapegrad/autograd';
import { Node } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, epsOf, eye, noGrad, ShapeError, tensor, zeros } from '@tapegrad/core';
import { checkGradients, penroseResiduals, quiet } from '@tapegrad/testing/linalg';
import { components, diagMatrix, f64, maxAbs, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { pinvBackward, pinvJvp } from '../derivations/pinv';
import { pinv, pinverse } from './pinv';

const rand = (shape: number[], seed: number, dtype: 'float64' | 'complex128' = 'float64') =>
  randomTensor(shape, dtype, seed, { requiresGrad: true });

describe('pinv gradcheck and gradgradcheck', () => {
  const shapes: [string, number[]][] = [
    ['tall 4×3', [4, 3]],
    ['wide 3×4', [3, 4]],
    ['square 3×3', [3, 3]],
    ['row 1×4', [1, 4]],
    ['column 4×1', [4, 1]],
    ['1×1', [1, 1]],
    ['batched 2×3×2', [2, 3, 2]],
    ['batched wide 2×2×3', [2, 2, 3]],
    ['tall 7×3 (QR first)', [7, 3]],
    ['batched wide 2×3×7 (QR first)', [2, 3, 7]],
  ];
  it.each(shapes)('float64 %s', (_name, shape) => {
    checkGradients((X) => pinv(X), [rand(shape, 11 + shape.length * 7 + shape[0])]);
  });

  it.each([
    ['tall 3×2', [3, 2]],
    ['wide 2×3', [2, 3]],
    ['batched 2×2×2', [2, 2, 2]],
  ] as [string, number[]][])('complex128 %s', (_name, shape) => {
    checkGradients((X) => pinv(X), [rand(shape, 101 + shape[0], 'complex128')]);
  });

  it('the full-rank shortcut of the backward equals the general Golub–Pereyra formula (tall, wide, complex)', () => {
    for (const [shape, dtype] of [
      [[9, 4], 'float64'],
      [[2, 4, 11], 'float64'],
      [[6, 3], 'complex128'],
    ] as const) {
      const A = randomTensor(shape, dtype, 61);
      const P = pinv(A);
      const G = randomTensor(P.shape, dtype, 62);
      const tall = shape[shape.length - 2] > shape[shape.length - 1];
      const fast = pinvBackward(A, P, G, { fullColumnRank: tall, fullRowRank: !tall });
      expect(relErr(fast, pinvBackward(A, P, G))).toBeLessThan(1e-12);
    }
  });

  it('with atol and rtol numbers that keep the whole spectrum', () => {
    const A = rand([4, 3], 7);
    checkGradients((X) => pinv(X, { atol: 1e-3, rtol: 1e-4 }), [A]);
  });

  it('with batched tolerance tensors', () => {
    const A = rand([2, 3, 3], 8);
    const atol = tensor([1e-3, 0], { dtype: 'float64' });
    const rtol = tensor([0, 1e-6], { dtype: 'float64' });
    checkGradients((X) => pinv(X, { atol, rtol }), [A]);
  });

  it('hermitian=true through a symmetrizing wrapper (float64 and complex128)', () => {
    const sym = (X: Tensor) => pinv(X.add(X.mH).div(2), { hermitian: true });
    checkGradients(sym, [rand([3, 3], 21)]);
    checkGradients(sym, [rand([3, 3], 22, 'complex128')]);
    checkGradients(sym, [rand([2, 2, 2], 23)]);
  });

  it('exactly rank-deficient A = B·C with the rank held (5×2 · 2×4 and complex 3×2 · 2×3)', () => {
    const fn = (B: Tensor, C: Tensor) => pinv(B.matmul(C));
    checkGradients(fn, [rand([5, 2], 31), rand([2, 4], 32)], false);
    checkGradients(fn, [rand([4, 2], 33), rand([2, 3], 34)]);
    checkGradients(fn, [rand([3, 2], 35, 'complex128'), rand([2, 3], 36, 'complex128')]);
    checkGradients(fn, [rand([2, 3, 1], 37), rand([2, 1, 3], 38)]);
  });

  it('exactly rank-deficient with an explicit atol that drops the null space', () => {
    const fn = (B: Tensor, C: Tensor) => pinv(B.matmul(C), { atol: 1e-8 });
    checkGradients(fn, [rand([4, 2], 41), rand([2, 3], 42)]);
  });

  it('deprecated pinverse and rcond are differentiable too', () => {
    const A = rand([3, 4], 43);
    expect(quiet(() => gradcheck((X) => pinverse(X), [A]))).toBe(true);
    expect(quiet(() => gradcheck((X) => pinv(X, { rcond: 1e-10 }), [A]))).toBe(true);
  });
});

describe('pinv tolerance semantics (docs/semantics.md §3.3)', () => {
  const kept = (P: Tensor, i: number) => (components(P)[i * P.shape[P.ndim - 1] + i] !== 0 ? 1 : 0);

  it('default rtol is max(m, n)·eps(dtype) (float64 and float32)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = epsOf(dtype);
      // diag(1, σ) padded to 3×2: cutoff = 3·eps·1
      const above = tensor(
        [
          [1, 0],
          [0, 1.5 * 3 * eps],
          [0, 0],
        ],
        { dtype },
      );
      const below = tensor(
        [
          [1, 0],
          [0, 0.5 * 3 * eps],
          [0, 0],
        ],
        { dtype },
      );
      expect(kept(pinv(above), 1)).toBe(1);
      expect(kept(pinv(below), 1)).toBe(0);
    }
  });

  it('atol > 0 alone sets rtol = 0; atol = 0 keeps the default rtol', () => {
    const A = diagMatrix([1, 1e-17], 2, 2);
    expect(components(pinv(A, { atol: 1e-20 }))[3]).toBeCloseTo(1e17, -3);
    expect(components(pinv(A, { atol: 0 }))[3]).toBe(0);
    expect(components(pinv(A))[3]).toBe(0);
  });

  it('cutoff = max(atol, rtol·σ₁) and the comparison is strict (σ > cutoff)', () => {
    const A = diagMatrix([2, 0.5, 0.25], 3, 3);
    const P = (opts: Parameters<typeof pinv>[1]) => components(pinv(A, opts));
    expect(P({ atol: 0.5 })[4]).toBe(0); // σ = cutoff is dropped
    expect(P({ atol: 0.5 * (1 - 1e-12) })[4]).toBe(2);
    expect(P({ rtol: 0.25 })[4]).toBe(0); // 0.25·2 = 0.5
    expect(P({ rtol: 0.2 })[4]).toBe(2);
    expect(P({ atol: 0.3, rtol: 0.1 })[8]).toBe(0); // max(0.3, 0.2)
    expect(P({ atol: 0.1, rtol: 0.2 })[4]).toBe(2); // max(0.1, 0.4) < 0.5
    expect(P({ atol: 0.1, rtol: 0.2 })[8]).toBe(0);
  });

  it('tolerance tensors are per matrix and elementwise for the default rtol', () => {
    const A = f64([
      [
        [1, 0],
        [0, 1e-17],
      ],
      [
        [1, 0],
        [0, 1e-17],
      ],
    ]);
    // matrix 0: atol 0 → default rtol drops 1e-17; matrix 1: atol > 0 → rtol 0 keeps it
    const P = components(pinv(A, { atol: tensor([0, 1e-20], { dtype: 'float64' }) }));
    expect(P[3]).toBe(0);
    expect(P[7]).toBeCloseTo(1e17, -3);
  });

  it('tolerance tensors broadcast against the batch shape', () => {
    const A = randomTensor([2, 3, 4, 4], 'float64', 5);
    const ref = (i: number, j: number, atol: number) => pinv(A.select(0, i).select(0, j), { atol });
    const atolRow = tensor([0.1, 1, 2], { dtype: 'float64' }); // shape [3] → (2, 3)
    const P = pinv(A, { atol: atolRow });
    const atolCol = tensor([[0.5], [1.5]], { dtype: 'float64' }); // shape [2, 1] → (2, 3)
    const Q = pinv(A, { atol: atolCol });
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        expect(relErr(P.select(0, i).select(0, j), ref(i, j, [0.1, 1, 2][j]))).toBeLessThan(1e-14);
        expect(relErr(Q.select(0, i).select(0, j), ref(i, j, [0.5, 1.5][i]))).toBeLessThan(1e-14);
      }
    }
    // a 0-d tolerance tensor applies to every matrix
    const R = pinv(A, { rtol: tensor(0.3, { dtype: 'float64' }) });
    expect(relErr(R.select(0, 1).select(0, 2), pinv(A.select(0, 1).select(0, 2), { rtol: 0.3 }))).toBeLessThan(1e-14);
  });

  it('rejects complex or non-broadcastable tolerance tensors', () => {
    const A = randomTensor([2, 3, 3, 3], 'float64', 6);
    const c = tensor([{ re: 0.1, im: 0 }], { dtype: 'complex128' });
    expect(() => pinv(A, { atol: c })).toThrow(DtypeError);
    expect(() => pinv(A, { rtol: c })).toThrow(/^linalg\.pinv/);
    expect(() => pinv(A, { atol: tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float64' }) })).toThrow(ShapeError);
    expect(() => pinv(A, { rtol: tensor([[0.1, 0.2]], { dtype: 'float64' }) })).toThrow(/^linalg\.pinv/);
  });

  it('rcond means atol = 0, rtol = rcond, and pinverse(A, rcond) is pinv(A, { rcond })', () => {
    const A = randomTensor([4, 3], 'float64', 9);
    const byRtol = pinv(A, { atol: 0, rtol: 0.3 });
    expect(
      relErr(
        quiet(() => pinv(A, { rcond: 0.3 })),
        byRtol,
      ),
    ).toBe(0);
    expect(
      relErr(
        quiet(() => pinverse(A, 0.3)),
        byRtol,
      ),
    ).toBe(0);
    expect(
      relErr(
        quiet(() => pinverse(A)),
        pinv(A, { atol: 0, rtol: 1e-15 }),
      ),
    ).toBe(0);
  });
});

describe('pinv hermitian path', () => {
  it('reads only the lower triangle', () => {
    for (const dtype of ['float64', 'complex128'] as const) {
      const X = randomTensor([2, 4, 4], dtype, 51);
      const H = X.add(X.mH);
      const garbage = randomTensor([2, 4, 4], dtype, 52, { scale: 1e3 });
      const lowerOnly = H.tril().add(garbage.triu(1));
      expect(relErr(pinv(lowerOnly, { hermitian: true }), pinv(H, { hermitian: true }))).toBeLessThan(1e-14);
      expect(relErr(pinv(H, { hermitian: true }), pinv(H))).toBeLessThan(1e-12);
    }
  });

  it('thresholds |λ| and inverts with the sign (indefinite input)', () => {
    const Q = noGrad(() => randomTensor([4, 4], 'float64', 53));
    const { Q: orth } = qrOf(Q);
    const L = tensor([-3, 2, -1e-20, 0.5], { dtype: 'float64' });
    const A = orth.mul(L.unsqueeze(-2)).matmul(orth.mT);
    const expected = orth.mul(tensor([-1 / 3, 0.5, 0, 2], { dtype: 'float64' }).unsqueeze(-2)).matmul(orth.mT);
    expect(relErr(pinv(A, { hermitian: true }), expected)).toBeLessThan(1e-13);
    // |λ| threshold: atol 1 drops ±0.5 and the tiny one, keeps −3 and 2
    const expected2 = orth.mul(tensor([-1 / 3, 0.5, 0, 0], { dtype: 'float64' }).unsqueeze(-2)).matmul(orth.mT);
    expect(relErr(pinv(A, { hermitian: true, atol: 1 }), expected2)).toBeLessThan(1e-13);
  });

  it('requires square input', () => {
    expect(() => pinv(randomTensor([3, 4], 'float64', 1), { hermitian: true })).toThrow(ShapeError);
  });
});

function qrOf(X: Tensor): { Q: Tensor } {
  // Gram–Schmidt on the columns (independent of linalg.qr), for building test matrices with known spectra.
  const n = X.shape[1];
  const cols: number[][] = [];
  const x = components(X);
  for (let j = 0; j < n; j++) {
    const v = Array.from({ length: X.shape[0] }, (_, i) => x[i * n + j]);
    for (const q of cols) {
      const d = v.reduce((s, vi, i) => s + vi * q[i], 0);
      for (let i = 0; i < v.length; i++) v[i] -= d * q[i];
    }
    const nv = Math.hypot(...v);
    cols.push(v.map((vi) => vi / nv));
  }
  return { Q: f64(Array.from({ length: X.shape[0] }, (_, i) => cols.map((c) => c[i]))) };
}

describe('pinv empty inputs', () => {
  it.each([
    [
      [0, 3],
      [3, 0],
    ],
    [
      [3, 0],
      [0, 3],
    ],
    [
      [0, 0],
      [0, 0],
    ],
    [
      [2, 0, 4],
      [2, 4, 0],
    ],
    [
      [0, 2, 3],
      [0, 3, 2],
    ],
  ])('%j → %j', (shape, expected) => {
    for (const dtype of ['float64', 'complex64'] as const) {
      const A = zeros(shape, { dtype, requiresGrad: true });
      const P = pinv(A);
      expect([...P.shape]).toEqual(expected);
      expect(P.dtype).toBe(dtype);
      expect(P.gradFn?.name).toBe('linalg.pinv');
      const [g] = grad(P.abs().sum(), [A]);
      expect([...g!.shape]).toEqual(shape);
    }
  });
});

describe('pinv out option', () => {
  const A = randomTensor([2, 3, 4], 'float64', 61);

  it('writes the result into out and returns it', () => {
    const out = zeros([2, 4, 3], { dtype: 'float64' });
    const r = pinv(A, { out });
    expect(r).toBe(out);
    expect(relErr(out, pinv(A))).toBe(0);
  });

  it('rejects the wrong shape or dtype', () => {
    expect(() => pinv(A, { out: zeros([2, 3, 4], { dtype: 'float64' }) })).toThrow(ShapeError);
    expect(() => pinv(A, { out: zeros([4, 3], { dtype: 'float64' }) })).toThrow(/^linalg\.pinv: expected out/);
    expect(() => pinv(A, { out: zeros([2, 4, 3], { dtype: 'float32' }) })).toThrow(DtypeError);
  });

  it('is refused when the input requires grad, allowed under noGrad', () => {
    const Ag = randomTensor([3, 3], 'float64', 62, { requiresGrad: true });
    const out = zeros([3, 3], { dtype: 'float64' });
    expect(() => pinv(Ag, { out })).toThrow(AutogradError);
    expect(components(out).every((v) => v === 0)).toBe(true);
    noGrad(() => pinv(Ag, { out }));
    expect(relErr(out, pinv(Ag.detach()))).toBe(0);
  });
});

describe('pinv on the tape', () => {
  it('is one node named linalg.pinv whose next function is the leaf', () => {
    const A = randomTensor([4, 3], 'float64', 71, { requiresGrad: true });
    const P = pinv(A);
    const node = P.gradFn;
    expect(node).toBeInstanceOf(Node);
    expect(node?.name).toBe('linalg.pinv');
    expect(node?.nextFunctions).toEqual([[null, 0]]);
    expect((node as Node).edges[0]?.leaf).toBe(A);
  });

  it('links to the node that produced a non-leaf input', () => {
    const X = randomTensor([3, 4], 'float64', 72, { requiresGrad: true });
    const P = pinv(X.mul(2));
    expect(P.gradFn?.nextFunctions[0][0]?.name).toBe('mul');
  });

  it('records nothing without grad', () => {
    expect(pinv(randomTensor([3, 3], 'float64', 73)).gradFn).toBeNull();
    const A = randomTensor([3, 3], 'float64', 74, { requiresGrad: true });
    expect(noGrad(() => pinv(A)).gradFn).toBeNull();
  });
});

describe('pinv precision and scales', () => {
  it('float32 / complex64 results are within 1e-4 of float64 / complex128', () => {
    for (const [lo, hi] of [
      ['float32', 'float64'],
      ['complex64', 'complex128'],
    ] as const) {
      const A = randomTensor([2, 5, 3], hi, 81);
      const P32 = pinv(A.to(lo));
      expect(P32.dtype).toBe(lo);
      expect(relErr(P32.to(hi), pinv(A))).toBeLessThan(1e-4);
    }
  });

  const cases: [string, number, number[]][] = [
    ['1e+300', 1e300, [5, 4]],
    ['1e-300', 1e-300, [5, 4]],
    ['1e+300 wide complex', 1e300, [3, 5]],
    ['1e-300 batched', 1e-300, [2, 4, 6]],
    ['1e-308 (subnormal entries, representable inverse)', 1e-308, [3, 3]],
    ['1e-300 batched tall (QR first)', 1e-300, [2, 12, 5]],
    ['1e-308 wide (QR first, subnormal entries)', 1e-308, [4, 9]],
    ['1e+300 tall (QR first)', 1e300, [40, 6]],
  ];
  it.each(cases)('scale %s: no overflow/underflow, Penrose identities hold', (_name, scale, shape) => {
    const dtype = _name.includes('complex') ? 'complex128' : 'float64';
    const base = randomTensor(shape, dtype, 91 + shape.length);
    const A = base.mul(scale);
    const P = pinv(A);
    expect(components(P).every(Number.isFinite)).toBe(true);
    expect(maxAbs(P)).toBeGreaterThan(0);
    const [e1, e2, e3, e4] = penroseResiduals(A, P);
    expect(Math.max(e1, e2, e3, e4)).toBeLessThan(1e-12);
    // the answer is pinv(base)/scale
    const expected = pinv(base);
    const Pn = P.mul(scale);
    expect(relErr(Pn, expected)).toBeLessThan(1e-12);
  });

  it('tiny subnormal singular values are dropped, not inverted to Infinity', () => {
    const A = diagMatrix([1, 1e-310], 2, 2);
    expect(components(pinv(A))).toEqual([1, 0, 0, 0]);
  });

  it('the zero matrix gives the zero matrix (every shape)', () => {
    for (const shape of [
      [3, 2],
      [2, 3],
      [2, 2, 2],
    ]) {
      const P = pinv(zeros(shape, { dtype: 'float64' }));
      expect(components(P).every((v) => v === 0)).toBe(true);
    }
  });

  it('integer rank-deficient matrices: Penrose identities and the known rank-1 answer', () => {
    const A = f64([
      [1, 2, 3],
      [2, 4, 6],
      [1, 0, 1],
      [3, 4, 7],
    ]);
    const P = pinv(A);
    const res = penroseResiduals(A, P);
    expect(Math.max(...res)).toBeLessThan(1e-13);
    // rank 1: pinv(u vᵀ) = v uᵀ / (|u|²|v|²)
    const R = f64([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    const expected = f64([
      [1, 2, 3],
      [2, 4, 6],
    ]).div(14 * 5);
    expect(relErr(pinv(R), expected)).toBeLessThan(1e-14);
  });

  it('pinv of an invertible matrix is its inverse', () => {
    const A = f64([
      [4, 7],
      [2, 6],
    ]);
    expect(
      relErr(
        pinv(A),
        f64([
          [0.6, -0.7],
          [-0.2, 0.4],
        ]),
      ),
    ).toBeLessThan(1e-15);
    expect(relErr(pinv(eye(3, { dtype: 'float64' })), eye(3, { dtype: 'float64' }))).toBe(0);
  });

  it('does not modify its input (including strided views)', () => {
    const A = randomTensor([4, 5], 'float64', 95);
    const view = A.mT;
    const before = components(A);
    pinv(view);
    pinv(A, { hermitian: false });
    expect(components(A)).toEqual(before);
    const H = randomTensor([4, 4], 'float64', 96);
    const hb = components(H);
    pinv(H, { hermitian: true });
    expect(components(H)).toEqual(hb);
  });

  it('non-contiguous views give the same result as contiguous copies', () => {
    const A = randomTensor([3, 5, 4], 'complex128', 97);
    expect(relErr(pinv(A.mT), pinv(A.mT.contiguous()))).toBe(0);
    expect(relErr(pinv(A.narrow(1, 1, 3)), pinv(A.narrow(1, 1, 3).contiguous()))).toBe(0);
    expect(relErr(pinv(A.select(0, 2)), pinv(A.select(0, 2).contiguous()))).toBe(0);
  });
});

/** Re⟨x, y⟩ = Re Σ conj(x)·y over real components (complex interleaved). */
function inner(x: Tensor, y: Tensor): number {
  const a = components(x);
  const b = components(y);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('pinvJvp (forward mode)', () => {
  const setups: [string, () => { A: Tensor; U: Tensor }][] = [
    ['tall 5×3', () => ({ A: randomTensor([5, 3], 'float64', 1), U: randomTensor([5, 3], 'float64', 2) })],
    ['wide 3×5', () => ({ A: randomTensor([3, 5], 'float64', 3), U: randomTensor([3, 5], 'float64', 4) })],
    ['square 4×4', () => ({ A: randomTensor([4, 4], 'float64', 5), U: randomTensor([4, 4], 'float64', 6) })],
    ['batched 2×4×3', () => ({ A: randomTensor([2, 4, 3], 'float64', 7), U: randomTensor([2, 4, 3], 'float64', 8) })],
    ['complex 3×4', () => ({ A: randomTensor([3, 4], 'complex128', 9), U: randomTensor([3, 4], 'complex128', 10) })],
    [
      'rank 2 (5×2 · 2×4), direction tangent to the rank-2 manifold',
      () => {
        const B = randomTensor([5, 2], 'float64', 11);
        const C = randomTensor([2, 4], 'float64', 12);
        const dB = randomTensor([5, 2], 'float64', 13);
        const dC = randomTensor([2, 4], 'float64', 14);
        return { A: B.matmul(C), U: dB.matmul(C).add(B.matmul(dC)) };
      },
    ],
  ];

  it.each(setups)('%s: ⟨v, J u⟩ = ⟨Jᵀ v, u⟩ (dot-product test against the VJP)', (_name, setup) => {
    const { A, U } = setup();
    const Ag = A.detach().requiresGrad_(true);
    const P = pinv(Ag);
    const v = randomTensor([...P.shape], P.dtype, 99);
    const Ju = pinvJvp(A, P.detach(), U);
    const [JTv] = grad(P, [Ag], { gradOutputs: v });
    const lhs = inner(v, Ju);
    const rhs = inner(JTv!, U);
    expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lhs)));
  });

  it.each(setups.slice(0, -1))('%s: J u matches central finite differences', (_name, setup) => {
    const { A, U } = setup();
    const P = pinv(A);
    const h = 1e-6;
    const fd = pinv(A.add(U.mul(h)))
      .sub(pinv(A.sub(U.mul(h))))
      .div(2 * h);
    expect(relErr(pinvJvp(A, P, U), fd)).toBeLessThan(1e-7);
  });

  it('rank 2: J u matches central differences along the rank-2 curve (B + h·dB)(C + h·dC)', () => {
    // A + h·u itself has rank 3 (its third σ is O(h²), far above the cutoff), so differentiate along the manifold.
    const B = randomTensor([5, 2], 'float64', 11);
    const C = randomTensor([2, 4], 'float64', 12);
    const dB = randomTensor([5, 2], 'float64', 13);
    const dC = randomTensor([2, 4], 'float64', 14);
    const at = (h: number) => pinv(B.add(dB.mul(h)).matmul(C.add(dC.mul(h))));
    const h = 1e-6;
    const fd = at(h)
      .sub(at(-h))
      .div(2 * h);
    const A = B.matmul(C);
    const U = dB.matmul(C).add(B.matmul(dC));
    expect(relErr(pinvJvp(A, pinv(A), U), fd)).toBeLessThan(1e-7);
  });

  it('is differentiable (its own gradcheck w.r.t. the direction and the point)', () => {
    const A = randomTensor([3, 2], 'float64', 15, { requiresGrad: true });
    const U = randomTensor([3, 2], 'float64', 16, { requiresGrad: true });
    expect(gradcheck((X, D) => pinvJvp(X, pinv(X), D), [A, U])).toBe(true);
  });
});
