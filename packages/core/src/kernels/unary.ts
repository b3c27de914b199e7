/**
 * Row kernels of the unary elementwise primitives (see iterate.ts for the row contract). `real` rows serve
 * float32/float64/int32/bool storage; `complex` rows read interleaved pairs (complex → real ops such as abs and angle
 * write one scalar per element). Complex formulas follow the principal branches of C99 Annex G.
 */
import type { Row1, X } from './iterate';
import { erf, hypot2, roundHalfEven, sigmoid, softplus } from './scalar-math';
import { erfinvScalar, lgammaScalar } from './special';

export type UnaryKernelName =
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'log2'
  | 'log10'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'softplus'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'conj'
  | 'relu'
  | 'erf'
  | 'angle'
  | 'isfinite'
  | 'isnan'
  | 'logicalNot'
  | RealMathName
  | 'isinf'
  | 'isposinf'
  | 'isneginf';

/** The real-only math primitives whose rows apply one scalar function (rounding, trig and hyperbolic inverses, erfinv, lgamma). */
export type RealMathName =
  | 'floor'
  | 'ceil'
  | 'round'
  | 'trunc'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'asinh'
  | 'acosh'
  | 'atanh'
  | 'erfinv'
  | 'lgamma';

/**
 * A row applying `f` to each element. The call to `f` is not inlined (one loop shared by every op built this way), which
 * costs a few ns per element: kept for the less hot ops; the hot ones above have their own loops.
 */
function scalarRow(f: (v: number) => number): Row1 {
  return (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = f(x[xo]);
  };
}

/**
 * Rows of the real-only math primitives. Math.* are V8's fdlibm ports (≤ 1 ulp); `round` is half to even, as
 * torch.round and NumPy (IEEE 754 roundTiesToEven), not Math.round's half up; all keep −0 and NaN.
 */
const realMath: Record<RealMathName, Row1> = {
  floor: scalarRow(Math.floor),
  ceil: scalarRow(Math.ceil),
  round: scalarRow(roundHalfEven),
  trunc: scalarRow(Math.trunc),
  tan: scalarRow(Math.tan),
  asin: scalarRow(Math.asin),
  acos: scalarRow(Math.acos),
  atan: scalarRow(Math.atan),
  sinh: scalarRow(Math.sinh),
  cosh: scalarRow(Math.cosh),
  asinh: scalarRow(Math.asinh),
  acosh: scalarRow(Math.acosh),
  atanh: scalarRow(Math.atanh),
  erfinv: scalarRow(erfinvScalar),
  lgamma: scalarRow(lgammaScalar),
};

export const realUnary: Record<UnaryKernelName, Row1> = {
  neg: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = -x[xo];
  },
  exp: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.exp(x[xo]);
  },
  log: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.log(x[xo]);
  },
  log1p: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.log1p(x[xo]);
  },
  expm1: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.expm1(x[xo]);
  },
  log2: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.log2(x[xo]);
  },
  log10: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.log10(x[xo]);
  },
  sin: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.sin(x[xo]);
  },
  cos: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.cos(x[xo]);
  },
  tanh: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.tanh(x[xo]);
  },
  sigmoid: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = sigmoid(x[xo]);
  },
  softplus: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = softplus(x[xo]);
  },
  sqrt: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.sqrt(x[xo]);
  },
  abs: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.abs(x[xo]);
  },
  sign: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const v = x[xo];
      o[oo] = v > 0 ? 1 : v < 0 ? -1 : v; // keeps ±0 and propagates NaN (as NumPy; torch 2.x gives 0, pytorch#41245)
    }
  },
  conj: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo];
  },
  relu: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const v = x[xo];
      o[oo] = v > 0 ? v : v !== v ? v : 0;
    }
  },
  erf: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = erf(x[xo]);
  },
  angle: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const v = x[xo];
      o[oo] = v < 0 ? Math.PI : v !== v ? v : 0;
    }
  },
  isfinite: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Number.isFinite(x[xo]) ? 1 : 0;
  },
  isnan: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] !== x[xo] ? 1 : 0;
  },
  logicalNot: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] ? 0 : 1;
  },
  isinf: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] === Infinity || x[xo] === -Infinity ? 1 : 0;
  },
  isposinf: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] === Infinity ? 1 : 0;
  },
  isneginf: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] === -Infinity ? 1 : 0;
  },
  ...realMath,
};

/** log_base(z) = log(z)/ln(base), principal branch. */
function complexLogIn(lnBase: number): Row1 {
  return (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      o[2 * oo] = Math.log(hypot2(a, b)) / lnBase;
      o[2 * oo + 1] = Math.atan2(b, a) / lnBase;
    }
  };
}

/** Complex rows; `null` where the op is not defined for complex numbers (the op layer raises DtypeError). */
export const complexUnary: Record<UnaryKernelName, Row1 | null> = {
  neg: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      o[2 * oo] = -x[2 * xo];
      o[2 * oo + 1] = -x[2 * xo + 1];
    }
  },
  conj: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      o[2 * oo] = x[2 * xo];
      o[2 * oo + 1] = -x[2 * xo + 1];
    }
  },
  exp: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      const r = Math.exp(a);
      o[2 * oo] = b === 0 ? r : r * Math.cos(b);
      o[2 * oo + 1] = b === 0 ? 0 : r * Math.sin(b);
    }
  },
  log: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      o[2 * oo] = Math.log(hypot2(a, b));
      o[2 * oo + 1] = Math.atan2(b, a);
    }
  },
  log1p: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      // log|1+z| = ½·log1p(2a + a² + b²) keeps accuracy for small z.
      o[2 * oo] = 0.5 * Math.log1p(2 * a + a * a + b * b);
      o[2 * oo + 1] = Math.atan2(b, 1 + a);
    }
  },
  expm1: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      // e^a·cos b − 1 = expm1(a)·cos b − 2·sin²(b/2): no cancellation for small z.
      const h = Math.sin(b / 2);
      o[2 * oo] = b === 0 ? Math.expm1(a) : Math.expm1(a) * Math.cos(b) - 2 * h * h;
      o[2 * oo + 1] = b === 0 ? 0 : Math.exp(a) * Math.sin(b);
    }
  },
  log2: complexLogIn(Math.LN2),
  log10: complexLogIn(Math.LN10),
  sin: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      o[2 * oo] = Math.sin(a) * Math.cosh(b);
      o[2 * oo + 1] = Math.cos(a) * Math.sinh(b);
    }
  },
  cos: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      o[2 * oo] = Math.cos(a) * Math.cosh(b);
      o[2 * oo + 1] = -Math.sin(a) * Math.sinh(b);
    }
  },
  tanh: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      if (Math.abs(a) > 20) {
        // tanh(a + ib) → sign(a) with an exponentially small imaginary part.
        o[2 * oo] = Math.sign(a);
        o[2 * oo + 1] = 4 * Math.sin(b) * Math.cos(b) * Math.exp(-2 * Math.abs(a));
        continue;
      }
      const den = Math.cosh(2 * a) + Math.cos(2 * b);
      o[2 * oo] = Math.sinh(2 * a) / den;
      o[2 * oo + 1] = Math.sin(2 * b) / den;
    }
  },
  sigmoid: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      if (a >= 0) {
        // 1 / (1 + e^(−z)) with |e^(−z)| ≤ 1.
        const r = Math.exp(-a);
        const dr = 1 + r * Math.cos(b);
        const di = -r * Math.sin(b);
        const d = dr * dr + di * di;
        o[2 * oo] = dr / d;
        o[2 * oo + 1] = -di / d;
      } else {
        // e^z / (1 + e^z) with |e^z| < 1, so a very negative Re z cannot overflow e^(−z) into inf·0 = NaN.
        const r = Math.exp(a);
        const wr = r * Math.cos(b);
        const wi = r * Math.sin(b);
        const d = (1 + wr) * (1 + wr) + wi * wi;
        o[2 * oo] = (wr * (1 + wr) + wi * wi) / d;
        o[2 * oo + 1] = wi / d;
      }
    }
  },
  sqrt: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      const r = hypot2(a, b);
      if (r === 0) {
        o[2 * oo] = 0;
        o[2 * oo + 1] = b;
      } else if (a >= 0) {
        const t = Math.sqrt(0.5 * (r + a));
        o[2 * oo] = t;
        o[2 * oo + 1] = b / (2 * t);
      } else {
        const t = Math.sqrt(0.5 * (r - a));
        o[2 * oo] = Math.abs(b) / (2 * t);
        o[2 * oo + 1] = b < 0 || (b === 0 && 1 / b < 0) ? -t : t;
      }
    }
  },
  abs: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = hypot2(x[2 * xo], x[2 * xo + 1]);
  },
  angle: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.atan2(x[2 * xo + 1], x[2 * xo]);
  },
  sign: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      const r = hypot2(a, b);
      o[2 * oo] = r === 0 ? 0 : a / r;
      o[2 * oo + 1] = r === 0 ? 0 : b / r;
    }
  },
  isfinite: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      o[oo] = Number.isFinite(x[2 * xo]) && Number.isFinite(x[2 * xo + 1]) ? 1 : 0;
    }
  },
  isnan: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os)
      o[oo] = x[2 * xo] !== x[2 * xo] || x[2 * xo + 1] !== x[2 * xo + 1] ? 1 : 0;
  },
  logicalNot: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[2 * xo] || x[2 * xo + 1] ? 0 : 1;
  },
  isinf: (n, x: X, xo, xs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, xo += xs, oo += os) {
      const a = x[2 * xo];
      const b = x[2 * xo + 1];
      o[oo] = a === Infinity || a === -Infinity || b === Infinity || b === -Infinity ? 1 : 0;
    }
  },
  relu: null,
  erf: null,
  softplus: null,
  isposinf: null,
  isneginf: null,
  floor: null,
  ceil: null,
  round: null,
  trunc: null,
  tan: null,
  asin: null,
  acos: null,
  atan: null,
  sinh: null,
  cosh: null,
  asinh: null,
  acosh: null,
  atanh: null,
  erfinv: null,
  lgamma: null,
};
