/** Human-readable printing of tensors (toString and Node's util.inspect), in the spirit of torch's repr. */
import { isComplex } from './dtype';
import type { Tensor } from './tensor';

const MAX_SHOWN = 1000;

function formatNumber(v: number, dtype: string): string {
  if (dtype === 'int32') return String(v);
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.`;
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e8) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** Formats a tensor as `tensor([[1., 2.], …], dtype=float64, requiresGrad=true)`; large tensors show a summary. */
export function formatTensor(t: Tensor): string {
  const parts: string[] = [];
  if (t.dtype !== 'float32') parts.push(`dtype=${t.dtype}`);
  if (t.gradFn) parts.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) parts.push('requiresGrad=true');
  const suffix = parts.length ? `, ${parts.join(', ')}` : '';
  if (t.size > MAX_SHOWN) return `tensor(<shape [${t.shape.join(', ')}]>${suffix})`;
  if (t.size > 0 && t.storage.length === 0) return `tensor(<detached buffer, shape [${t.shape.join(', ')}]>${suffix})`;
  const data = t.toTypedArray();
  const complex = isComplex(t.dtype);
  const cell = (i: number) => {
    if (!complex) return formatNumber(data[i], t.dtype);
    const im = data[2 * i + 1];
    return `${formatNumber(data[2 * i], 'float')}${im < 0 || Object.is(im, -0) ? '-' : '+'}${formatNumber(Math.abs(im), 'float')}j`;
  };
  if (t.ndim === 0) return `tensor(${cell(0)}${suffix})`;
  let pos = 0;
  const lines = (dim: number, indent: string): string => {
    const n = t.shape[dim];
    if (dim === t.ndim - 1) {
      const cells: string[] = [];
      for (let i = 0; i < n; i++) cells.push(cell(pos++));
      return `[${cells.join(', ')}]`;
    }
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(lines(dim + 1, `${indent} `));
    return `[${rows.join(`,${dim === t.ndim - 2 ? '\n' : '\n\n'}${indent} `)}]`;
  };
  return `tensor(${lines(0, '       ')}${suffix})`;
}
