/**
 * The orthogonal / unitary factor of the tridiagonalization (LAPACK dorgtr → dorg2r, zungtr → zung2r): overwrites W
 * (the reflectors left by ./sytrd) with Qᵀ, row j = column j of Q = H₀·H₁⋯H_{n−2}, by backward accumulation.
 *
 * Step i reads reflector i from row i of W and updates rows i+1.. (whose reflectors were already consumed), then sets
 * row i to eᵢ. Steps run in pairs (a, b) = (i, i−1), a 2-column compact WY form (Schreiber & Van Loan, SIAM J. Sci.
 * Stat. Comput. 10(1), 1989) applied by ./householder's applyRight2Real / applyRight2Complex, so each row is read and
 * written once per pair. Rows of Qᵀ are updated as x ← x·Hᵀ with Hᵀ = I − τ·v̄·vᵀ = I − τ·u·uᴴ for u = v̄ (u = v when
 * real). va, vb: scratch of n (complex: 2n) scalars each.
 */

import { applyRight2Complex, applyRight2Real, applyRightComplex, applyRightReal } from './householder';

/** Real Qᵀ (n×n) over the reflectors in W; see the file header. */
export function formQtReal(n: number, work: Float64Array, tau: Float64Array, va: Float64Array, vb: Float64Array): void {
  work.fill(0, (n - 1) * n, n * n);
  work[n * n - 1] = 1;
  let i = n - 2;
  for (; i >= 1; i -= 2) {
    // Pair (a, b) = (i, i−1) on columns a.. (len of them): v_a = (0, 1, W[a, a+2:]), v_b = (1, W[b, a+1:]).
    const a = i;
    const rowA = a * n;
    const rowB = rowA - n;
    const len = n - a;
    const tb = tau[a - 1];
    va[0] = 0;
    va[1] = 1;
    for (let q = 2; q < len; q++) va[q] = work[rowA + a + q];
    vb[0] = 1;
    for (let q = 1; q < len; q++) vb[q] = work[rowB + a + q];
    // Rows a+1.. are zero before column a+1.
    applyRight2Real(n - a - 1, len, tau[a], va, 0, tb, vb, 0, work, (a + 1) * n + a, n);
    // Row a: eₐ after step a, then step b gives eₐ − τ_b·v_b; row b: e_b.
    work.fill(0, rowA, rowA + a);
    work[rowA + a] = 1 - tb;
    for (let q = 1; q < len; q++) work[rowA + a + q] = -tb * vb[q];
    work.fill(0, rowB, rowB + n);
    work[rowB + a - 1] = 1;
  }
  if (i === 0) {
    // Remaining single step 0 on rows and columns 1..: v₀ = (1, W[0, 2:]).
    va[0] = 1;
    for (let q = 1; q < n - 1; q++) va[q] = work[1 + q];
    applyRightReal(n - 1, n - 1, tau[0], va, 0, work, n + 1, n);
    work.fill(0, 0, n);
    work[0] = 1;
  }
}

/** Complex Qᵀ (n×n interleaved) over the reflectors in W, τ complex (tau[2i], tau[2i+1]); see the file header. */
export function formQtComplex(
  n: number,
  work: Float64Array,
  tau: Float64Array,
  ua: Float64Array,
  ub: Float64Array,
): void {
  const rowLen = 2 * n;
  work.fill(0, (n - 1) * rowLen, n * rowLen);
  work[n * rowLen - 2] = 1;
  let i = n - 2;
  for (; i >= 1; i -= 2) {
    const a = i;
    const rowA = a * rowLen;
    const rowB = rowA - rowLen;
    const len = n - a;
    const tbr = tau[2 * a - 2];
    const tbi = tau[2 * a - 1];
    // u = conj(v) on columns a..: u_a = (0, 1, conj W[a, a+2:]), u_b = (1, conj W[b, a+1:]).
    ua.fill(0, 0, 4);
    ua[2] = 1;
    for (let q = 2; q < len; q++) {
      ua[2 * q] = work[rowA + 2 * (a + q)];
      ua[2 * q + 1] = -work[rowA + 2 * (a + q) + 1];
    }
    ub[0] = 1;
    ub[1] = 0;
    for (let q = 1; q < len; q++) {
      ub[2 * q] = work[rowB + 2 * (a + q)];
      ub[2 * q + 1] = -work[rowB + 2 * (a + q) + 1];
    }
    applyRight2Complex(
      n - a - 1,
      len,
      tau[2 * a],
      tau[2 * a + 1],
      ua,
      0,
      tbr,
      tbi,
      ub,
      0,
      work,
      2 * ((a + 1) * n + a),
      rowLen,
    );
    // Row a: eₐ − τ_b·v_b (v_b = conj(u_b)); row b: e_b.
    work.fill(0, rowA, rowA + 2 * a);
    work[rowA + 2 * a] = 1 - tbr;
    work[rowA + 2 * a + 1] = -tbi;
    for (let q = 1; q < len; q++) {
      const br = ub[2 * q];
      const bi = -ub[2 * q + 1];
      work[rowA + 2 * (a + q)] = -(tbr * br - tbi * bi);
      work[rowA + 2 * (a + q) + 1] = -(tbr * bi + tbi * br);
    }
    work.fill(0, rowB, rowB + rowLen);
    work[rowB + 2 * (a - 1)] = 1;
  }
  if (i === 0) {
    ua[0] = 1;
    ua[1] = 0;
    for (let q = 1; q < n - 1; q++) {
      ua[2 * q] = work[2 * (1 + q)];
      ua[2 * q + 1] = -work[2 * (1 + q) + 1];
    }
    applyRightComplex(n - 1, n - 1, tau[0], tau[1], ua, 0, work, 2 * (n + 1), rowLen);
    work.fill(0, 0, rowLen);
    work[0] = 1;
  }
}
