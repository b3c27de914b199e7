/**
 * The unblocked Householder QR step shared by ./qr (dgeqr2) and the leaves of ./geqrf (dgeqrf), in its own file so
 * that ./qr can use ./geqrf without an import cycle; see ./qr for the layout and conventions.
 */

import { applyRight2Real, applyRightReal } from './householder';
import { larfgReal } from './reflector';

/**
 * Copies `len` entries of reflector row `row` of W (from index `from`, scalars per entry `width`) into buf at `at`,
 * conjugated when `conj`, after `lead` zeros and a unit head: the explicit vector that ./householder's updates take.
 */
export function loadReflector(
  w: Float64Array,
  from: number,
  len: number,
  width: 1 | 2,
  conj: boolean,
  lead: number,
  buf: Float64Array,
  at: number,
): void {
  buf.fill(0, at, at + width * (lead + 1));
  buf[at + width * lead] = 1;
  let o = at + width * (lead + 1);
  if (width === 1) {
    for (let i = 0; i < len; i++) buf[o++] = w[from + i];
    return;
  }
  const sign = conj ? -1 : 1;
  for (let i = 0; i < 2 * len; i += 2) {
    buf[o++] = w[from + i];
    buf[o++] = sign * w[from + i + 1];
  }
}

/**
 * ./qr's factorReal (dgeqr2 on W = Aᵀ, reflectors in pairs) on the m×n block of a transposed matrix at w[off..] whose rows are `ld` apart (a panel of the
 * blocked factorization, ./geqrf); τ_j goes to tau[tauOff + j].
 */
export function factorRealAt(
  m: number,
  n: number,
  w: Float64Array,
  off: number,
  ld: number,
  tau: Float64Array,
  tauOff: number,
  pair: Float64Array,
): void {
  const k = Math.min(m, n);
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const headA = off + j * ld + j;
    const headB = headA + ld + 1;
    const len = m - j;
    const ta = larfgReal(len, w, headA, headA + 1, 1);
    tau[tauOff + j] = ta;
    loadReflector(w, headA + 1, len - 1, 1, false, 0, pair, 0);
    applyRightReal(1, len, ta, pair, 0, w, headA + ld, ld);
    const tb = larfgReal(len - 1, w, headB, headB + 1, 1);
    tau[tauOff + j + 1] = tb;
    loadReflector(w, headB + 1, len - 2, 1, false, 1, pair, m);
    applyRight2Real(n - j - 2, len, ta, pair, 0, tb, pair, m, w, headA + 2 * ld, ld);
  }
  if (j < k) {
    const head = off + j * ld + j;
    const t = larfgReal(m - j, w, head, head + 1, 1);
    tau[tauOff + j] = t;
    loadReflector(w, head + 1, m - j - 1, 1, false, 0, pair, 0);
    applyRightReal(n - j - 1, m - j, t, pair, 0, w, head + ld, ld);
  }
}
