/**
 * Every case of the PyTorch 1.13 reference (test/fixtures/torch-reference.json, float64/complex128) with the
 * semantics of the shared acceptance check: pinv/pinverse forward, gradient and double backward
 * (∂⟨gradA, V⟩/∂A and ∂⟨gradA, V⟩/∂G), svd/eigh gauge-invariant losses and gradients, matrixRank.
 * Tolerances are docs/semantics.md §4.1 (1e-10 relative Frobenius on well-conditioned float64 inputs), looser for the
 * 'illcond' and float32 cases exactly as in the acceptance script.
 */
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { diagEmbed, eye, tensor } from '@tapegrad/core';
import { type Encoded, fromEncoded, quiet, readRepoJson, relErrEncoded } from '@tapegrad/testing/linalg';
import { relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { eigh } from './ops/eigh';
import { type PinvOptions, pinv, pinverse } from './ops/pinv';
import { matrixRank } from './ops/rank';
import { svd, svdvals } from './ops/svd';

interface PinvCase {
  name: string;
  op: 'linalg.pinv' | 'pinverse';
  opts: { atol?: number | number[]; rtol?: number | number[]; hermitian?: boolean; rcond?: number };
  A: Encoded;
  out: Encoded;
  G?: Encoded;
  gradA?: Encoded;
  V?: Encoded;
  gradgradA?: Encoded;
  gradgradG?: Encoded;
}
interface SvdCase {
  name: string;
  A: Encoded;
  S: Encoded;
  weights: { rec: Encoded; S: Encoded; U: Encoded; Vh: Encoded };
  loss: number;
  gradA: Encoded;
  wS: Encoded;
  gradSvals: Encoded;
}
interface EighCase {
  name: string;
  A: Encoded;
  eigenvalues: Encoded;
  wL: Encoded;
  wQ: Encoded;
  loss: number;
  gradA: Encoded;
}
interface RankCase {
  name: string;
  A: Encoded;
  opts: { atol?: number; rtol?: number; hermitian?: boolean };
  rank: number;
}
interface Fixtures {
  pinv: PinvCase[];
  svd: SvdCase[];
  eigh: EighCase[];
  matrix_rank: RankCase[];
}

const fx = readRepoJson<Fixtures>('test/fixtures/torch-reference.json');

function toleranceOption(v: number | number[]): number | Tensor {
  return Array.isArray(v) ? tensor(v, { dtype: 'float64' }) : v;
}

function pinvOf(c: PinvCase): (X: Tensor) => Tensor {
  if (c.op === 'pinverse') return (X) => pinverse(X, c.opts.rcond ?? 1e-15);
  const opts: PinvOptions = {};
  if (c.opts.atol !== undefined) opts.atol = toleranceOption(c.opts.atol);
  if (c.opts.rtol !== undefined) opts.rtol = toleranceOption(c.opts.rtol);
  if (c.opts.hermitian !== undefined) opts.hermitian = c.opts.hermitian;
  return (X) => pinv(X, opts);
}

function single(t: Tensor | null): Tensor {
  if (t === null) throw new Error('expected a gradient, got null');
  return t;
}

describe('fixture file', () => {
  it('holds every section with cases', () => {
    expect(fx.pinv.length).toBeGreaterThanOrEqual(36);
    expect(fx.svd.length).toBeGreaterThanOrEqual(6);
    expect(fx.eigh.length).toBeGreaterThanOrEqual(3);
    expect(fx.matrix_rank.length).toBeGreaterThanOrEqual(4);
  });
});

describe.each(fx.pinv.map((c) => [c.name, c] as const))('pinv fixture %s', (_name, c) => {
  const single32 = c.A.dtype === 'float32' || c.A.dtype === 'complex64';
  const illcond = c.name.startsWith('illcond');
  const fwdTol = single32 ? 1e-4 : illcond ? 1e-6 : 1e-10;
  const gradTol = single32 ? 1e-3 : illcond ? 1e-4 : 1e-9;
  const fn = pinvOf(c);

  it('forward matches PyTorch', () => {
    const P = quiet(() => fn(fromEncoded(c.A)));
    expect(P.dtype).toBe(c.out.dtype);
    expect(relErrEncoded(P, c.out)).toBeLessThanOrEqual(fwdTol);
  });

  if (c.G === undefined) return;
  it('gradient matches PyTorch', () => {
    const A = fromEncoded(c.A, true);
    const P = quiet(() => fn(A));
    const [gA] = quiet(() => grad(P, [A], { gradOutputs: fromEncoded(c.G!) }));
    expect(relErrEncoded(single(gA), c.gradA!)).toBeLessThanOrEqual(gradTol);
  });

  if (c.gradgradA === undefined) return;
  it('double backward ∂⟨gradA, V⟩/∂A and ∂/∂G match PyTorch', () => {
    const A = fromEncoded(c.A, true);
    const G = fromEncoded(c.G!, true);
    const P = quiet(() => fn(A));
    const [gA] = quiet(() => grad(P, [A], { gradOutputs: G, createGraph: true }));
    const [ggA, ggG] = quiet(() => grad(single(gA), [A, G], { gradOutputs: fromEncoded(c.V!), allowUnused: true }));
    expect(relErrEncoded(single(ggA), c.gradgradA!)).toBeLessThanOrEqual(gradTol);
    expect(relErrEncoded(single(ggG), c.gradgradG!)).toBeLessThanOrEqual(gradTol);
  });
});

function identityLike(U: Tensor, k: number): Tensor {
  return eye(k, { dtype: U.dtype }).expand([...U.shape.slice(0, -2), k, k]);
}

describe.each(fx.svd.map((c) => [c.name, c] as const))('svd fixture %s', (_name, c) => {
  it('singular values match PyTorch', () => {
    expect(relErrEncoded(svdvals(fromEncoded(c.A)), c.S)).toBeLessThanOrEqual(1e-12);
    expect(relErrEncoded(svd(fromEncoded(c.A)).S, c.S)).toBeLessThanOrEqual(1e-12);
  });

  it('reduced factors reconstruct A and are orthonormal', () => {
    const A = fromEncoded(c.A);
    const { U, S, Vh } = svd(A, { fullMatrices: false });
    const k = S.shape[S.ndim - 1];
    expect(relErrEncoded(U.matmul(diagEmbed(S).to(U.dtype)).matmul(Vh), c.A)).toBeLessThanOrEqual(1e-12);
    expect(relErr(U.mH.matmul(U), identityLike(U, k))).toBeLessThanOrEqual(1e-12);
    expect(relErr(Vh.matmul(Vh.mH), identityLike(U, k))).toBeLessThanOrEqual(1e-12);
  });

  it('gauge-invariant loss and its gradient match PyTorch', () => {
    const A = fromEncoded(c.A, true);
    const { U, S, Vh } = svd(A, { fullMatrices: false });
    const w = c.weights;
    const rec = U.matmul(diagEmbed(S).to(U.dtype)).matmul(Vh);
    const l1 = A.isComplex ? rec.abs().square().mul(fromEncoded(w.rec)).sum() : rec.mul(fromEncoded(w.rec)).sum();
    const l2 = S.mul(fromEncoded(w.S)).sum();
    const l3 = U.abs()
      .square()
      .mul(fromEncoded(w.U))
      .sum()
      .add(Vh.abs().square().mul(fromEncoded(w.Vh)).sum());
    const loss = l1.add(l2).add(l3);
    expect(Math.abs((loss.item() as number) - c.loss)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(c.loss)));
    const [gA] = quiet(() => grad(loss, [A]));
    expect(relErrEncoded(single(gA), c.gradA)).toBeLessThanOrEqual(1e-10);
  });

  it('svdvals gradient matches PyTorch', () => {
    const A = fromEncoded(c.A, true);
    const [gA] = grad(svdvals(A).mul(fromEncoded(c.wS)).sum(), [A]);
    expect(relErrEncoded(single(gA), c.gradSvals)).toBeLessThanOrEqual(1e-10);
  });
});

describe.each(fx.eigh.map((c) => [c.name, c] as const))('eigh fixture %s', (_name, c) => {
  it('eigenvalues match PyTorch', () => {
    expect(relErrEncoded(eigh(fromEncoded(c.A)).eigenvalues, c.eigenvalues)).toBeLessThanOrEqual(1e-12);
  });

  it('gauge-invariant loss and its gradient match PyTorch', () => {
    const A = fromEncoded(c.A, true);
    const { eigenvalues, eigenvectors } = eigh(A);
    const loss = eigenvalues
      .mul(fromEncoded(c.wL))
      .sum()
      .add(eigenvectors.abs().square().mul(fromEncoded(c.wQ)).sum());
    expect(Math.abs((loss.item() as number) - c.loss)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(c.loss)));
    const [gA] = quiet(() => grad(loss, [A]));
    expect(relErrEncoded(single(gA), c.gradA)).toBeLessThanOrEqual(1e-10);
  });
});

describe.each(fx.matrix_rank.map((c) => [c.name, c] as const))('matrixRank fixture %s', (_name, c) => {
  it('matches PyTorch', () => {
    const r = matrixRank(fromEncoded(c.A), c.opts);
    expect(r.dtype).toBe('int32');
    expect(r.item()).toBe(c.rank);
  });
});
