/**
 * Row kernels of the binary elementwise primitives (see iterate.ts for the row contract). Operands arrive with the
 * same dtype (the op layer promotes first); comparisons write 0/1 into bool storage.
 */
import type { Row2, X } from './iterate';

export type BinaryKernelName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'atan2'
  | 'hypot'
  | 'fmod'
  | 'remainder'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logicalAnd'
  | 'logicalOr';

export const realBinary: Record<BinaryKernelName, Row2> = {
  add: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] + b[bo];
  },
  sub: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] - b[bo];
  },
  mul: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] * b[bo];
  },
  div: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] / b[bo];
  },
  pow: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] ** b[bo];
  },
  maximum: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      const x = a[ao];
      const y = b[bo];
      o[oo] = x !== x || y !== y ? Number.NaN : x > y ? x : y;
    }
  },
  minimum: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      const x = a[ao];
      const y = b[bo];
      o[oo] = x !== x || y !== y ? Number.NaN : x < y ? x : y;
    }
  },
  atan2: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = Math.atan2(a[ao], b[bo]);
  },
  hypot: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = Math.hypot(a[ao], b[bo]);
  },
  // JS % is C's fmod: exact, with the sign of the dividend (IEEE 754 has no rounding in it).
  fmod: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] % b[bo];
  },
  // Python's modulo (torch.remainder): fmod moved into the divisor's sign, as ATen does (exact, no a − b·floor(a/b)).
  remainder: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      const y = b[bo];
      const r = a[ao] % y;
      o[oo] = r !== 0 && r < 0 !== y < 0 ? r + y : r;
    }
  },
  eq: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] === b[bo] ? 1 : 0;
  },
  ne: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] !== b[bo] ? 1 : 0;
  },
  lt: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] < b[bo] ? 1 : 0;
  },
  le: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] <= b[bo] ? 1 : 0;
  },
  gt: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] > b[bo] ? 1 : 0;
  },
  ge: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] >= b[bo] ? 1 : 0;
  },
  logicalAnd: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] && b[bo] ? 1 : 0;
  },
  logicalOr: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = a[ao] || b[bo] ? 1 : 0;
  },
};

/** int32 overrides: exact wrapping multiplication and integer powers, as PyTorch's int32 arithmetic. */
export const intBinary: Partial<Record<BinaryKernelName, Row2>> = {
  mul: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) o[oo] = Math.imul(a[ao], b[bo]);
  },
  pow: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      let base = a[ao] | 0;
      let e = b[bo] | 0;
      let r = 1;
      if (e < 0) r = base === 1 ? 1 : base === -1 ? (e & 1 ? -1 : 1) : 0;
      else {
        for (; e > 0; e >>>= 1) {
          if (e & 1) r = Math.imul(r, base);
          base = Math.imul(base, base);
        }
      }
      o[oo] = r;
    }
  },
};

/** Complex division by Smith's algorithm (Smith, CACM 5(8), 1962), avoiding overflow of c² + d². */
function cdivInto(o: X, k: number, a: number, b: number, c: number, d: number): void {
  if (Math.abs(c) >= Math.abs(d)) {
    if (c === 0 && d === 0) {
      o[k] = a / 0;
      o[k + 1] = b / 0;
      return;
    }
    const r = d / c;
    const den = c + d * r;
    o[k] = (a + b * r) / den;
    o[k + 1] = (b - a * r) / den;
  } else {
    const r = c / d;
    const den = c * r + d;
    o[k] = (a * r + b) / den;
    o[k + 1] = (b * r - a) / den;
  }
}

/** Complex rows; `null` where the op is not defined for complex numbers (the op layer raises DtypeError). */
export const complexBinary: Record<BinaryKernelName, Row2 | null> = {
  add: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[2 * oo] = a[2 * ao] + b[2 * bo];
      o[2 * oo + 1] = a[2 * ao + 1] + b[2 * bo + 1];
    }
  },
  sub: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[2 * oo] = a[2 * ao] - b[2 * bo];
      o[2 * oo + 1] = a[2 * ao + 1] - b[2 * bo + 1];
    }
  },
  mul: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      const ar = a[2 * ao];
      const ai = a[2 * ao + 1];
      const br = b[2 * bo];
      const bi = b[2 * bo + 1];
      o[2 * oo] = ar * br - ai * bi;
      o[2 * oo + 1] = ar * bi + ai * br;
    }
  },
  div: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      cdivInto(o, 2 * oo, a[2 * ao], a[2 * ao + 1], b[2 * bo], b[2 * bo + 1]);
    }
  },
  pow: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    // z^w = exp(w·log z), principal branch; 0^w = 1 for w = 0, 0 for Re w > 0.
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      const ar = a[2 * ao];
      const ai = a[2 * ao + 1];
      const br = b[2 * bo];
      const bi = b[2 * bo + 1];
      if (ar === 0 && ai === 0) {
        const zero = br === 0 && bi === 0;
        o[2 * oo] = zero ? 1 : br > 0 ? 0 : Number.NaN;
        o[2 * oo + 1] = zero || br > 0 ? 0 : Number.NaN;
        continue;
      }
      const logr = Math.log(Math.hypot(ar, ai));
      const theta = Math.atan2(ai, ar);
      const re = br * logr - bi * theta;
      const im = br * theta + bi * logr;
      const r = Math.exp(re);
      o[2 * oo] = r * Math.cos(im);
      o[2 * oo + 1] = r * Math.sin(im);
    }
  },
  eq: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[oo] = a[2 * ao] === b[2 * bo] && a[2 * ao + 1] === b[2 * bo + 1] ? 1 : 0;
    }
  },
  ne: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[oo] = a[2 * ao] !== b[2 * bo] || a[2 * ao + 1] !== b[2 * bo + 1] ? 1 : 0;
    }
  },
  logicalAnd: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[oo] = (a[2 * ao] || a[2 * ao + 1]) && (b[2 * bo] || b[2 * bo + 1]) ? 1 : 0;
    }
  },
  logicalOr: (n, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[oo] = a[2 * ao] || a[2 * ao + 1] || b[2 * bo] || b[2 * bo + 1] ? 1 : 0;
    }
  },
  maximum: null,
  minimum: null,
  atan2: null,
  hypot: null,
  fmod: null,
  remainder: null,
  lt: null,
  le: null,
  gt: null,
  ge: null,
};
