/**
 * Householder QR factorization A = Q·R of an m×n matrix (LAPACK dgeqr2 / zgeqr2 for the factorization and
 * dorg2r / zung2r for forming Q; Golub & Van Loan, "Matrix Computations" 4th ed., §5.2.1–5.2.2).
 *
 * Reflector j is H_j = I − τ_j·v_j·v_jᴴ (LAPACK convention, see `./reflector`), R = H_{k−1}ᴴ⋯H_0ᴴ·A has a REAL diagonal
 * (possibly negative), and Q = H_0·H_1⋯H_{k−1}, k = min(m, n).
 *
 * Layout: inputs and outputs are row-major at element offsets (complex: interleaved re/im, offsets in scalars). The
 * factorization works on Aᵀ (W[c·m + i] = A(i, c)) so each column of A, the reflector vectors included, is a
 * contiguous row: applying a reflector is a dot product plus an axpy per column. Q is accumulated directly in the
 * output by backward accumulation with row-wise rank-1 updates (unit-stride inner loops).
 */

import { larfgComplex, larfgReal } from './reflector';
import { isFiniteRange } from './triangular';

/** 'reduced': Q m×k, R k×n; 'complete': Q m×m, R m×n; 'r': R only (k×n). k = min(m, n). */
export type QrMode = 'reduced' | 'complete' | 'r';

/** Preallocated scratch for {@link qrReal} / {@link qrComplex}; reusable for any m' ≤ m, n' ≤ n. */
export interface QrWorkspace {
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
  /** Aᵀ, then the reflectors (m·n or 2·m·n scalars). */
  readonly w: Float64Array;
  /** τ_j (min(m, n) or twice that). */
  readonly tau: Float64Array;
  /** Qᵀ while Q is formed (kq·m or 2·kq·m scalars; kq = m for 'complete', min(m, n) otherwise, 0 for 'r'). */
  readonly qt: Float64Array;
}

/** Allocates scratch for QR factorizations up to m×n in the given mode (default 'reduced'). */
export function createQrWorkspace(m: number, n: number, complex: boolean, mode: QrMode = 'reduced'): QrWorkspace {
  const width = complex ? 2 : 1;
  const kq = mode === 'complete' ? m : mode === 'r' ? 0 : Math.min(m, n);
  return {
    m,
    n,
    complex,
    w: new Float64Array(width * m * n),
    tau: new Float64Array(width * Math.min(m, n)),
    qt: new Float64Array(width * kq * m),
  };
}

function fitWorkspace(m: number, n: number, complex: boolean, mode: QrMode, ws: QrWorkspace | undefined): QrWorkspace {
  const width = complex ? 2 : 1;
  const kq = mode === 'complete' ? m : mode === 'r' ? 0 : Math.min(m, n);
  if (ws !== undefined && ws.complex === complex && ws.m >= m && ws.n >= n && ws.qt.length >= width * kq * m) {
    return ws;
  }
  return createQrWorkspace(m, n, complex, mode);
}

/**
 * QR factorization of a real m×n matrix.
 *
 * @param a row-major m×n input at `aOff` (not modified).
 * @param mode see {@link QrMode}.
 * @param q receives Q (m×k for 'reduced', m×m for 'complete') at `qOff`, orthonormal columns; ignored (may be null)
 *   for mode 'r'.
 * @param r receives R at `rOff` (k×n, or m×n for 'complete'), upper triangular with explicit zeros below.
 * @param ws optional scratch from `createQrWorkspace(≥m, ≥n, false, mode)`.
 * @returns 0, or -1 if A contains NaN/±Infinity (outputs untouched).
 */
export function qrReal(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  mode: QrMode,
  q: Float64Array | null,
  qOff: number,
  r: Float64Array,
  rOff: number,
  ws?: QrWorkspace,
): number {
  if (!isFiniteRange(m * n, a, aOff)) return -1;
  const k = Math.min(m, n);
  const kq = mode === 'complete' ? m : k;
  const rRows = kq;
  const wantQ = mode !== 'r' && q !== null;
  if (m === 0 || n === 0) {
    r.fill(0, rOff, rOff + rRows * n);
    if (wantQ) fillIdentity(m, kq, q, qOff, 1);
    return 0;
  }
  ws = fitWorkspace(m, n, false, wantQ ? mode : 'r', ws);
  const { w, tau, qt } = ws;
  for (let c = 0; c < n; c++) {
    const dst = c * m;
    for (let i = 0; i < m; i++) w[dst + i] = a[aOff + i * n + c];
  }
  factorReal(m, n, w, tau);
  // R(i, c) = W[c][i] for c ≥ i.
  for (let i = 0; i < rRows; i++) {
    const dst = rOff + i * n;
    for (let c = 0; c < n; c++) r[dst + c] = c >= i && i < k ? w[c * m + i] : 0;
  }
  if (!wantQ) return 0;
  formQtReal(m, k, kq, w, tau, qt);
  for (let i = 0; i < m; i++) {
    const dst = qOff + i * kq;
    for (let c = 0; c < kq; c++) q[dst + c] = qt[c * m + i];
  }
  return 0;
}

/**
 * QR factorization of a complex m×n matrix (interleaved re/im, offsets in scalars); R has a real diagonal and Q
 * unitary columns. Arguments and status as {@link qrReal}; `ws` from `createQrWorkspace(≥m, ≥n, true, mode)`.
 */
export function qrComplex(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  mode: QrMode,
  q: Float64Array | null,
  qOff: number,
  r: Float64Array,
  rOff: number,
  ws?: QrWorkspace,
): number {
  if (!isFiniteRange(2 * m * n, a, aOff)) return -1;
  const k = Math.min(m, n);
  const kq = mode === 'complete' ? m : k;
  const rRows = kq;
  const wantQ = mode !== 'r' && q !== null;
  if (m === 0 || n === 0) {
    r.fill(0, rOff, rOff + 2 * rRows * n);
    if (wantQ) fillIdentity(m, kq, q, qOff, 2);
    return 0;
  }
  ws = fitWorkspace(m, n, true, wantQ ? mode : 'r', ws);
  const { w, tau, qt } = ws;
  const colLen = 2 * m;
  for (let c = 0; c < n; c++) {
    const dst = c * colLen;
    for (let i = 0; i < m; i++) {
      const src = aOff + 2 * (i * n + c);
      w[dst + 2 * i] = a[src];
      w[dst + 2 * i + 1] = a[src + 1];
    }
  }
  factorComplex(m, n, w, tau);
  for (let i = 0; i < rRows; i++) {
    const dst = rOff + 2 * i * n;
    for (let c = 0; c < n; c++) {
      const inside = c >= i && i < k;
      r[dst + 2 * c] = inside ? w[c * colLen + 2 * i] : 0;
      r[dst + 2 * c + 1] = inside ? w[c * colLen + 2 * i + 1] : 0;
    }
  }
  if (!wantQ) return 0;
  formQtComplex(m, k, kq, w, tau, qt);
  for (let i = 0; i < m; i++) {
    const dst = qOff + 2 * i * kq;
    for (let c = 0; c < kq; c++) {
      q[dst + 2 * c] = qt[c * colLen + 2 * i];
      q[dst + 2 * c + 1] = qt[c * colLen + 2 * i + 1];
    }
  }
  return 0;
}

/** Writes the first `cols` columns of the m×m identity (row-major, `width` scalars per entry) at `off`. */
function fillIdentity(m: number, cols: number, q: Float64Array, off: number, width: 1 | 2): void {
  q.fill(0, off, off + width * m * cols);
  const diag = Math.min(m, cols);
  for (let i = 0; i < diag; i++) q[off + width * (i * cols + i)] = 1;
}

/**
 * dgeqr2 on W = Aᵀ (row c = column c, length m). Reflectors are generated and applied two at a time: H_j is applied
 * to column j+1 alone, H_{j+1} is generated, then both go through the remaining columns in one pass (a 2-column
 * compact WY update): with s_a = v_aᵀx, s_b = v_bᵀx − τ_a·s_a·(v_bᵀv_a), x ← x − τ_a·s_a·v_a − τ_b·s_b·v_b.
 */
function factorReal(m: number, n: number, w: Float64Array, tau: Float64Array): void {
  const k = Math.min(m, n);
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const va = j * m; // v_a(i) = w[va + i], i ≥ j
    const vb = va + m; // v_b(i) = w[vb + i], i ≥ j + 1
    const headA = va + j;
    const headB = vb + j + 1;
    const ta = larfgReal(m - j, w, headA, headA + 1, 1);
    const betaA = w[headA];
    w[headA] = 1;
    applyReflectorReal(m, w, j, ta, j + 1, j + 2);
    const tb = larfgReal(m - j - 1, w, headB, headB + 1, 1);
    const betaB = w[headB];
    w[headB] = 1;
    tau[j] = ta;
    tau[j + 1] = tb;
    let vab = 0;
    for (let i = j + 1; i < m; i++) vab += w[va + i] * w[vb + i];
    for (let c = j + 2; c < n; c++) {
      const cc = c * m;
      const x0 = w[cc + j];
      let sa = x0;
      let sb = 0;
      for (let i = j + 1; i < m; i++) {
        const x = w[cc + i];
        sa += w[va + i] * x;
        sb += w[vb + i] * x;
      }
      const ca = ta * sa;
      const cb = tb * (sb - ca * vab);
      w[cc + j] = x0 - ca;
      for (let i = j + 1; i < m; i++) w[cc + i] -= ca * w[va + i] + cb * w[vb + i];
    }
    w[headA] = betaA;
    w[headB] = betaB;
  }
  if (j < k) {
    const head = j * m + j;
    const t = larfgReal(m - j, w, head, head + 1, 1);
    tau[j] = t;
    const beta = w[head];
    w[head] = 1;
    applyReflectorReal(m, w, j, t, j + 1, n);
    w[head] = beta;
  }
}

/** Applies H_j (v in row j from index j, head already 1) to the rows c0..c1−1 of W over indices ≥ j. */
function applyReflectorReal(m: number, w: Float64Array, j: number, t: number, c0: number, c1: number): void {
  if (t === 0) return;
  const vj = j * m;
  for (let c = c0; c < c1; c++) {
    const cc = c * m;
    let s = 0;
    for (let i = j; i < m; i++) s += w[vj + i] * w[cc + i];
    const f = t * s;
    for (let i = j; i < m; i++) w[cc + i] -= f * w[vj + i];
  }
}

/**
 * Forms Qᵀ (kq rows of length m; row c = column c of Q = H_0⋯H_{k−1}·e_c) by backward accumulation (dorg2r),
 * reflectors fused in pairs (a, b) = (j, j−1) as in {@link factorReal}. Row c > a is zero below index a+1, so the
 * dot products start at a; row b = e_b − τ_b·v_b directly.
 */
function formQtReal(m: number, k: number, kq: number, w: Float64Array, tau: Float64Array, qt: Float64Array): void {
  qt.fill(0, 0, kq * m);
  for (let c = 0; c < kq; c++) qt[c * m + c] = 1;
  let j = k - 1;
  for (; j >= 1; j -= 2) {
    const a = j;
    const b = j - 1;
    const va = a * m;
    const vb = b * m;
    const ta = tau[a];
    const tb = tau[b];
    const betaA = w[va + a];
    const betaB = w[vb + b];
    w[va + a] = 1;
    w[vb + b] = 1;
    let vab = 0;
    for (let i = a; i < m; i++) vab += w[va + i] * w[vb + i];
    for (let c = a; c < kq; c++) {
      const cc = c * m;
      let sa = 0;
      let sb = 0;
      for (let i = a; i < m; i++) {
        const x = qt[cc + i];
        sa += w[va + i] * x;
        sb += w[vb + i] * x;
      }
      const ca = ta * sa;
      const cb = tb * (sb - ca * vab);
      qt[cc + b] = -cb;
      for (let i = a; i < m; i++) qt[cc + i] -= ca * w[va + i] + cb * w[vb + i];
    }
    const rb = b * m;
    qt[rb + b] = 1 - tb;
    for (let i = a; i < m; i++) qt[rb + i] = -tb * w[vb + i];
    w[va + a] = betaA;
    w[vb + b] = betaB;
  }
  if (j === 0) {
    const t = tau[0];
    const beta = w[0];
    w[0] = 1;
    for (let c = 0; c < kq; c++) {
      const cc = c * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += w[i] * qt[cc + i];
      const f = t * s;
      for (let i = 0; i < m; i++) qt[cc + i] -= f * w[i];
    }
    w[0] = beta;
  }
}

/** zgeqr2 on W = Aᵀ (interleaved): as {@link factorReal}, applying Hᴴ = I − conj(τ)·v·vᴴ, with s = vᴴx. */
function factorComplex(m: number, n: number, w: Float64Array, tau: Float64Array): void {
  const k = Math.min(m, n);
  const colLen = 2 * m;
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const va = j * colLen;
    const vb = va + colLen;
    const headA = va + 2 * j;
    const headB = vb + 2 * (j + 1);
    larfgComplex(m - j, w, headA, headA + 2, 1, tau, 2 * j);
    const betaA = w[headA];
    w[headA] = 1;
    const tar = tau[2 * j];
    const tai = -tau[2 * j + 1];
    applyReflectorComplex(m, w, j, tar, tai, j + 1, j + 2);
    larfgComplex(m - j - 1, w, headB, headB + 2, 1, tau, 2 * j + 2);
    const betaB = w[headB];
    w[headB] = 1;
    const tbr = tau[2 * j + 2];
    const tbi = -tau[2 * j + 3];
    // vab = v_bᴴ·v_a over i ≥ j+1.
    let vabr = 0;
    let vabi = 0;
    for (let p = 2 * (j + 1); p < colLen; p += 2) {
      const ar = w[va + p];
      const ai = w[va + p + 1];
      const br = w[vb + p];
      const bi = w[vb + p + 1];
      vabr += br * ar + bi * ai;
      vabi += br * ai - bi * ar;
    }
    for (let c = j + 2; c < n; c++) {
      const cc = c * colLen;
      const x0r = w[cc + 2 * j];
      const x0i = w[cc + 2 * j + 1];
      let sar = x0r;
      let sai = x0i;
      let sbr = 0;
      let sbi = 0;
      for (let p = 2 * (j + 1); p < colLen; p += 2) {
        const xr = w[cc + p];
        const xi = w[cc + p + 1];
        const ar = w[va + p];
        const ai = w[va + p + 1];
        const br = w[vb + p];
        const bi = w[vb + p + 1];
        sar += ar * xr + ai * xi;
        sai += ar * xi - ai * xr;
        sbr += br * xr + bi * xi;
        sbi += br * xi - bi * xr;
      }
      const car = tar * sar - tai * sai;
      const cai = tar * sai + tai * sar;
      const tr = sbr - (car * vabr - cai * vabi);
      const ti = sbi - (car * vabi + cai * vabr);
      const cbr = tbr * tr - tbi * ti;
      const cbi = tbr * ti + tbi * tr;
      w[cc + 2 * j] = x0r - car;
      w[cc + 2 * j + 1] = x0i - cai;
      for (let p = 2 * (j + 1); p < colLen; p += 2) {
        const ar = w[va + p];
        const ai = w[va + p + 1];
        const br = w[vb + p];
        const bi = w[vb + p + 1];
        w[cc + p] -= car * ar - cai * ai + cbr * br - cbi * bi;
        w[cc + p + 1] -= car * ai + cai * ar + cbr * bi + cbi * br;
      }
    }
    w[headA] = betaA;
    w[headB] = betaB;
  }
  if (j < k) {
    const head = j * colLen + 2 * j;
    larfgComplex(m - j, w, head, head + 2, 1, tau, 2 * j);
    const beta = w[head];
    w[head] = 1;
    applyReflectorComplex(m, w, j, tau[2 * j], -tau[2 * j + 1], j + 1, n);
    w[head] = beta;
  }
}

/**
 * Applies I − (tr + i·ti)·v·vᴴ (v in row j from index j, head already 1 + 0i) to the rows c0..c1−1 of W over
 * indices ≥ j.
 */
function applyReflectorComplex(
  m: number,
  w: Float64Array,
  j: number,
  tr: number,
  ti: number,
  c0: number,
  c1: number,
): void {
  if (tr === 0 && ti === 0) return;
  const colLen = 2 * m;
  const vj = j * colLen;
  for (let c = c0; c < c1; c++) {
    const cc = c * colLen;
    let sr = 0;
    let si = 0;
    for (let p = 2 * j; p < colLen; p += 2) {
      const vr = w[vj + p];
      const vi = w[vj + p + 1];
      const xr = w[cc + p];
      const xi = w[cc + p + 1];
      sr += vr * xr + vi * xi;
      si += vr * xi - vi * xr;
    }
    const fr = tr * sr - ti * si;
    const fi = tr * si + ti * sr;
    for (let p = 2 * j; p < colLen; p += 2) {
      const vr = w[vj + p];
      const vi = w[vj + p + 1];
      w[cc + p] -= fr * vr - fi * vi;
      w[cc + p + 1] -= fr * vi + fi * vr;
    }
  }
}

/** Complex twin of {@link formQtReal} (zung2r): applies H = I − τ·v·vᴴ (τ itself, not its conjugate). */
function formQtComplex(m: number, k: number, kq: number, w: Float64Array, tau: Float64Array, qt: Float64Array): void {
  const colLen = 2 * m;
  qt.fill(0, 0, kq * colLen);
  for (let c = 0; c < kq; c++) qt[c * colLen + 2 * c] = 1;
  let j = k - 1;
  for (; j >= 1; j -= 2) {
    const a = j;
    const b = j - 1;
    const va = a * colLen;
    const vb = b * colLen;
    const tar = tau[2 * a];
    const tai = tau[2 * a + 1];
    const tbr = tau[2 * b];
    const tbi = tau[2 * b + 1];
    const betaA = w[va + 2 * a];
    const betaB = w[vb + 2 * b];
    w[va + 2 * a] = 1;
    w[vb + 2 * b] = 1;
    let vabr = 0;
    let vabi = 0;
    for (let p = 2 * a; p < colLen; p += 2) {
      const ar = w[va + p];
      const ai = w[va + p + 1];
      const br = w[vb + p];
      const bi = w[vb + p + 1];
      vabr += br * ar + bi * ai;
      vabi += br * ai - bi * ar;
    }
    for (let c = a; c < kq; c++) {
      const cc = c * colLen;
      let sar = 0;
      let sai = 0;
      let sbr = 0;
      let sbi = 0;
      for (let p = 2 * a; p < colLen; p += 2) {
        const xr = qt[cc + p];
        const xi = qt[cc + p + 1];
        const ar = w[va + p];
        const ai = w[va + p + 1];
        const br = w[vb + p];
        const bi = w[vb + p + 1];
        sar += ar * xr + ai * xi;
        sai += ar * xi - ai * xr;
        sbr += br * xr + bi * xi;
        sbi += br * xi - bi * xr;
      }
      const car = tar * sar - tai * sai;
      const cai = tar * sai + tai * sar;
      const tr = sbr - (car * vabr - cai * vabi);
      const ti = sbi - (car * vabi + cai * vabr);
      const cbr = tbr * tr - tbi * ti;
      const cbi = tbr * ti + tbi * tr;
      qt[cc + 2 * b] = -cbr;
      qt[cc + 2 * b + 1] = -cbi;
      for (let p = 2 * a; p < colLen; p += 2) {
        const ar = w[va + p];
        const ai = w[va + p + 1];
        const br = w[vb + p];
        const bi = w[vb + p + 1];
        qt[cc + p] -= car * ar - cai * ai + cbr * br - cbi * bi;
        qt[cc + p + 1] -= car * ai + cai * ar + cbr * bi + cbi * br;
      }
    }
    const rb = b * colLen;
    qt[rb + 2 * b] = 1 - tbr;
    qt[rb + 2 * b + 1] = -tbi;
    for (let p = 2 * a; p < colLen; p += 2) {
      const br = w[vb + p];
      const bi = w[vb + p + 1];
      qt[rb + p] = -(tbr * br - tbi * bi);
      qt[rb + p + 1] = -(tbr * bi + tbi * br);
    }
    w[va + 2 * a] = betaA;
    w[vb + 2 * b] = betaB;
  }
  if (j === 0) {
    const beta = w[0];
    w[0] = 1;
    // qt rows are columns of Q: apply H_0 = I − τ·v·vᴴ, i.e. applyReflectorComplex with τ (not conjugated).
    for (let c = 0; c < kq; c++) {
      const cc = c * colLen;
      let sr = 0;
      let si = 0;
      for (let p = 0; p < colLen; p += 2) {
        const vr = w[p];
        const vi = w[p + 1];
        const xr = qt[cc + p];
        const xi = qt[cc + p + 1];
        sr += vr * xr + vi * xi;
        si += vr * xi - vi * xr;
      }
      const fr = tau[0] * sr - tau[1] * si;
      const fi = tau[0] * si + tau[1] * sr;
      for (let p = 0; p < colLen; p += 2) {
        const vr = w[p];
        const vi = w[p + 1];
        qt[cc + p] -= fr * vr - fi * vi;
        qt[cc + p + 1] -= fr * vi + fi * vr;
      }
    }
    w[0] = beta;
  }
}
