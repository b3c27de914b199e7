/**
 * PyTorch parity for the ops of issue #13: values, indices, gradients and second derivatives (Hessian-vector products)
 * against PyTorch 1.13, printed by scripts/fixtures/ops_parity.py into test/fixtures/ops-parity.json. Inputs hold
 * ties (sort, max/min(dim), full max/min), zeros and −0 (cumprod, expm1, log1p), so tie-breaking and the routing of
 * gradients at ties are checked, not only values; third derivatives too (cumprod with zeros has them). In-place scenarios check recorded gradients through non-leaves and
 * views, and that a backward needing an overwritten value throws AutogradError exactly where PyTorch raises.
 */
import { readFileSync } from 'node:fs';
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { AutogradError, autograd, tensor, zeros } from 'tapegrad';
import { describe, expect, it } from 'vitest';

type Json = number | string | Json[];
interface Case {
  name: string;
  inputs: Json[];
  values: Json;
  indices?: Json;
  grads?: Json[];
  hvps?: Json[];
  thirds?: Json[];
}
interface Scenario {
  name: string;
  input: Json;
  values?: Json;
  grads?: Json;
  hvps?: Json;
  raises?: boolean;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/ops-parity.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  inplace: Scenario[];
};

const decode = (v: Json): Json =>
  Array.isArray(v)
    ? v.map(decode)
    : v === 'nan'
      ? Number.NaN
      : v === 'inf'
        ? Number.POSITIVE_INFINITY
        : v === '-inf'
          ? Number.NEGATIVE_INFINITY
          : v;
const f64 = (v: Json, requiresGrad = false): Tensor =>
  tensor(decode(v) as number[], { dtype: 'float64', requiresGrad });
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/** Same shape and values within 1e-12 (relative), NaN where NaN; with `zeroSign`, ±0 must match too. */
function expectClose(actual: Tensor, expected: Json, what: string, zeroSign = false): void {
  const want = decode(expected);
  const a = flat(actual.toArray());
  const e = flat(want);
  expect(a.length, `${what}: size`).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const msg = `${what}[${i}]: got ${a[i]}, PyTorch ${e[i]}`;
    if (Number.isNaN(e[i]) || !Number.isFinite(e[i])) expect(Object.is(a[i], e[i]), msg).toBe(true);
    else expect(Math.abs(a[i] - e[i]) <= 1e-12 * Math.max(1, Math.abs(e[i])), msg).toBe(true);
    if (zeroSign && e[i] === 0) expect(Object.is(a[i], e[i]), `${msg} (sign of zero)`).toBe(true);
  }
  if (Array.isArray(want)) expect(actual.shape.length, `${what}: rank`).toBeGreaterThan(0);
}

/** The same deterministic weights as the script: ((i·7 + seed·3) mod 11 − 5) / 4, in the shape of `like`. */
function weights(like: Tensor, seed: number): Tensor {
  const data = Array.from({ length: like.size }, (_, i) => (((i * 7 + seed * 3) % 11) - 5) / 4);
  return tensor(data, { dtype: 'float64' }).reshape(like.shape);
}

const pair = (r: tg.ValuesIndices): [Tensor, Tensor] => [r.values, r.indices];
const mask = tensor(
  [
    [true, false, true],
    [false, false, true],
  ],
  { dtype: 'bool' },
);

/** The op of each fixture case, as a user calls it (function and method forms mixed on purpose). */
const OPS: Record<string, (...xs: Tensor[]) => Tensor | [Tensor, Tensor]> = {
  sort: (x) => pair(tg.sort(x)),
  'sort descending': (x) => pair(x.sort(-1, true)),
  'sort dim 0': (x) => pair(tg.sort(x, 0)),
  argsort: (x) => tg.argsort(x).to('float64'),
  'topk largest': (x) => pair(tg.topk(x, 3)),
  'topk smallest': (x) => pair(x.topk(3, -1, false)),
  'topk distinct': (x) => pair(tg.topk(x, 3)),
  'topk distinct smallest unsorted-input': (x) => pair(tg.topk(x, 2, -1, false)),
  'topk dim 0': (x) => pair(tg.topk(x, 2, 0)),
  'max dim': (x) => pair(tg.max(x, 1)),
  'min dim': (x) => pair(x.min(1)),
  'max dim keepdim': (x) => pair(tg.max(x, 0, true)),
  'max all (ties)': (x) => tg.max(x),
  'min all (ties)': (x) => x.min(),
  cumsum: (x) => tg.cumsum(x, 1),
  'cumprod no zero': (x) => tg.cumprod(x, 0),
  'cumprod one zero': (x) => tg.cumprod(x, 0),
  'cumprod two zeros': (x) => x.cumprod(0),
  'cumprod zero first': (x) => tg.cumprod(x, 0),
  'cumprod -0 last': (x) => tg.cumprod(x, 0),
  'cumprod 2-D': (x) => tg.cumprod(x, 1),
  flip: (x) => tg.flip(x, [0, 1]),
  roll: (x) => tg.roll(x, [1, -1], [0, 1]),
  'roll flat': (x) => x.roll(2),
  repeat: (x) => x.repeat(2, 1, 2),
  tile: (x) => tg.tile(x, [2]),
  maskedFill: (x) => x.maskedFill(mask, -1.5),
  maskedSelect: (x) => tg.maskedSelect(x, mask),
  nanToNum: (x) => tg.nanToNum(x, { nan: 0.5, posinf: 9, neginf: -9 }),
  expm1: (x) => tg.expm1(x),
  log1p: (x) => x.log1p(),
  log2: (x) => tg.log2(x),
  log10: (x) => x.log10(),
  'einsum ij,jk->ik': (a, b) => tg.einsum('ij,jk->ik', a, b),
  'einsum ij,jk (implicit)': (a, b) => tg.einsum('ij,jk', [a, b]),
  'einsum ii->i': (a) => tg.einsum('ii->i', a),
  'einsum ii': (a) => tg.einsum('ii', a),
  'einsum ji (transpose)': (a) => tg.einsum('ji', a),
  'einsum i,j->ij': (a, b) => tg.einsum('i,j->ij', a, b),
  'einsum i,i': (a, b) => tg.einsum('i,i', a, b),
  'einsum ...ij,...jk': (a, b) => tg.einsum('...ij,...jk', a, b),
  'einsum bij,bjk,kl->bil': (a, b, c) => tg.einsum('bij,bjk,kl->bil', a, b, c),
  'einsum iij->j': (a) => tg.einsum('iij->j', a),
  t: (a) => a.t(),
  mm: (a, b) => tg.mm(a, b),
  bmm: (a, b) => a.bmm(b),
  mv: (a, b) => tg.mv(a, b),
};

/** PyTorch's topk picks among equal values in an unspecified (libstdc++ nth_element) order; see the test below. */
const TOPK_TIES = new Set(['topk largest', 'topk smallest']);

describe('PyTorch 1.13 parity (values, indices, gradients, second derivatives)', () => {
  it('every fixture case has an op here and every op a fixture case', () => {
    expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(OPS).sort());
  });

  for (const c of fixture.cases.filter((c) => !TOPK_TIES.has(c.name))) {
    it(c.name, () => {
      const xs = c.inputs.map((x) => f64(x, c.grads !== undefined));
      const out = OPS[c.name](...xs);
      const [values, indices] = Array.isArray(out) ? out : [out, undefined];
      expectClose(values, c.values, 'values', true);
      if (c.indices !== undefined) {
        expect(indices?.dtype).toBe('int32');
        expect(indices?.toArray(), 'indices').toEqual(c.indices);
      }
      if (c.grads === undefined || c.hvps === undefined) return;
      const loss = weights(values, 1).mul(values).mul(values).sum();
      const gs = autograd.grad(loss, xs, { createGraph: true });
      for (const [k, g] of gs.entries()) expectClose(g ?? zeros(xs[k].shape), (c.grads as Json[])[k], `grad ${k}`);
      const inner = gs.map((g, k) => (g as Tensor).mul(weights(xs[k], 2 + k)).sum()).reduce((a, b) => a.add(b));
      const hs = inner.requiresGrad
        ? autograd.grad(inner, xs, { allowUnused: true, createGraph: true })
        : xs.map(() => null);
      const zero = (k: number) => zeros(xs[k].shape, { dtype: 'float64' });
      for (const [k, h] of hs.entries()) expectClose(h ?? zero(k), c.hvps?.[k] ?? [], `hvp ${k}`);
      const third = hs.flatMap((h, k) => (h?.requiresGrad ? [h.mul(weights(xs[k], 5 + k)).sum()] : []));
      const ts =
        third.length > 0
          ? autograd.grad(
              third.reduce((a, b) => a.add(b)),
              xs,
              { allowUnused: true },
            )
          : [];
      for (const k of xs.keys()) expectClose(ts[k] ?? zero(k), c.thirds?.[k] ?? [], `third ${k}`);
    });
  }

  it('topk with ties: the same values as PyTorch; indices hold those values; the gradient follows the indices', () => {
    for (const c of fixture.cases.filter((c) => TOPK_TIES.has(c.name))) {
      const x = f64(c.inputs[0], true);
      const [values, indices] = OPS[c.name](x) as [Tensor, Tensor];
      expectClose(values, c.values, `${c.name} values`);
      const input = flat(decode(c.inputs[0]));
      const idx = flat(indices.toArray());
      for (const [i, j] of idx.entries()) expect(input[j], `${c.name}: index ${j}`).toBe(flat(values.toArray())[i]);
      expect(new Set(idx).size).toBe(idx.length);
      const w = weights(values, 1);
      const [g] = autograd.grad(w.mul(values).mul(values).sum(), [x]);
      const want = input.map(() => 0);
      idx.forEach((j, i) => {
        want[j] = 2 * flat(w.toArray())[i] * input[j];
      });
      expectClose(g as Tensor, want, `${c.name} grad`);
    }
  });
});

/** The in-place scenarios of the script, written the same way with tapegrad's in-place ops. */
const SCENARIOS: Record<string, (x: Tensor) => Tensor> = {
  'mul_ on a non-leaf': (x) => x.mul(1).mul_(x),
  'add_ alpha then square': (x) => x.mul(2).add_(x.mul(x), { alpha: -0.5 }),
  'sub_ and div_': (x) => x.add(1).sub_(x.mul(x)).div_(x.mul(x).add(1)),
  'clamp_ at the bounds': (x) => x.mul(1).clamp_(-1, 0.5),
  maskedFill_: (x) =>
    x.mul(x).maskedFill_(
      tensor(
        [
          [true, false, false],
          [false, true, false],
        ],
        { dtype: 'bool' },
      ),
      2,
    ),
  'copy_ into a non-leaf': (x) => zeros([2, 3], { dtype: 'float64' }).copy_(x.mul(x)),
  'zero_ then add_': (x) => x.mul(x).zero_().add_(x),
  'fill_ then mul_': (x) => x.mul(x).fill_(2).mul_(x),
  'write through a view of a non-leaf': (x) => {
    const y = x.mul(1);
    y.select(0, 0).mul_(y.select(0, 1));
    return y;
  },
  'old view sees the write': (x) => {
    const y = x.mul(1);
    const v = y.select(1, 1);
    y.select(0, 1).add_(x.select(0, 0).mul(x.select(0, 0)));
    return v.mul(y.sum(0).select(0, 1));
  },
  'exp saves its result, then add_ (version error)': (x) => x.exp().add_(1),
  'mul saves its inputs, then add_ (version error)': (x) => {
    const y = x.mul(2);
    const z = y.mul(y);
    y.add_(1);
    return z;
  },
  'sin saves its input, then mul_ (version error)': (x) => {
    const y = x.mul(1);
    const z = y.sin();
    y.mul_(2);
    return z;
  },
  'add needs no saved value, then add_ (no error)': (x) => {
    const y = x.mul(2);
    const z = y.add(1);
    y.add_(3);
    return z;
  },
};

describe('in-place ops: PyTorch 1.13 gradients, or its version-counter error', () => {
  it('every fixture scenario has a body here and every body a scenario', () => {
    expect(fixture.inplace.map((s) => s.name).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  for (const s of fixture.inplace) {
    it(s.name, () => {
      const x = f64(s.input, true);
      const run = () => {
        const y = SCENARIOS[s.name](x);
        const [g] = autograd.grad(weights(y, 1).mul(y).mul(y).sum(), [x], { createGraph: true });
        return { y, g: g as Tensor };
      };
      if (s.raises) {
        expect(run).toThrow(AutogradError);
        return;
      }
      const { y, g } = run();
      expectClose(y, s.values ?? [], 'values');
      expectClose(g, s.grads ?? [], 'grad');
      const [h] = g.requiresGrad ? autograd.grad(g.mul(weights(x, 2)).sum(), [x], { allowUnused: true }) : [null];
      expectClose(h ?? zeros(x.shape, { dtype: 'float64' }), s.hvps ?? [], 'hvp');
    });
  }
});
