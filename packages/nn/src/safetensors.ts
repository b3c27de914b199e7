/**
 * The safetensors format (https://github.com/huggingface/safetensors, "Format" section of its README):
 *   8 bytes   N, the header's byte length, unsigned little-endian 64-bit
 *   N bytes   a UTF-8 JSON object { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { str: str } },
 *             padded with spaces
 *   rest      the byte buffer: each tensor's row-major little-endian values at [begin, end) of it.
 *
 * Reading validates the whole header before allocating anything, with the checks of the reference implementation
 * (`SafeTensors::read_metadata` / `Metadata::validate`): header size capped (100 MB) and inside the file, JSON object,
 * known dtypes, shapes of non-negative integers whose element count does not overflow, offsets in range with
 * end − begin = elements × dtype size, and the tensors tiling the byte buffer exactly (sorted by offset, each starting
 * where the previous ends, the last ending at the end of the file: no gap, no overlap). So a hostile file is a typed
 * error; the memory allocated is at most the file's own size. Assumes a little-endian host for the fast path (every
 * platform Node runs on); other hosts decode through DataView.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, noGrad, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { describeValue, formatShape } from '@tapegrad/core/internal';
import { deserializeTensor, isPlainRecord, type SerializedTensor } from './state-dict';

/** The reference implementation's cap on the header size. */
const MAX_HEADER_BYTES = 100_000_000;
/** Core's limits: at most 64 dimensions and 2^31 − 1 elements per tensor. */
const MAX_DIMS = 64;
const MAX_ELEMENTS = 2 ** 31 - 1;
const METADATA_KEY = '__metadata__';

/** safetensors dtype names with their bytes per element, by the tapegrad dtype they load as (null: not supported). */
const BY_LOADED_DTYPE: readonly [DType | null, Readonly<Record<string, number>>][] = [
  ['float64', { F64: 8 }],
  ['float32', { F32: 4, F16: 2, BF16: 2 }],
  ['int32', { I64: 8, U64: 8, I32: 4, U32: 4, I16: 2, U16: 2, I8: 1, U8: 1 }],
  ['bool', { BOOL: 1 }],
  [null, { F8_E5M2: 1, F8_E4M3: 1 }],
];

/** safetensors dtype name → bytes per element and the tapegrad dtype it loads as (null: not supported). */
const FILE_DTYPES: Readonly<Record<string, { bytes: number; loadsAs: DType | null }>> = Object.fromEntries(
  BY_LOADED_DTYPE.flatMap(([loadsAs, sizes]) =>
    Object.entries(sizes).map(([name, bytes]) => [name, { bytes, loadsAs }]),
  ),
);

const SAVE_DTYPES: Readonly<Partial<Record<DType, string>>> = {
  float64: 'F64',
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Entry {
  name: string;
  fileDtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Serializes tensors to the safetensors format (float32 → F32, float64 → F64, int32 → I32, bool → BOOL; complex
 * tensors have no safetensors dtype and are refused). Values may be Tensors or {@link SerializedTensor}s, so a module's
 * state dict can be saved directly: `saveSafetensors(model.stateDict({ names: 'pytorch' }))` gives a file that
 * `safetensors.torch.load_file` reads and the same PyTorch architecture loads. Tensors are laid out by decreasing
 * element size, then name, as the reference writer does (so every value is aligned to its size).
 * @example
 * ```ts
 * const bytes = saveSafetensors({ w: ones([2, 2]) }, { producer: 'tapegrad' });
 * loadSafetensors(bytes).w.shape; // [2, 2]
 * ```
 */
export function saveSafetensors(
  tensors: Record<string, Tensor | SerializedTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const op = 'saveSafetensors';
  if (!isPlainRecord(tensors))
    throw new DtypeError(`${op}: expected an object of named tensors, got ${describeValue(tensors)}`);
  const items: { name: string; t: Tensor; fileDtype: string; bytes: number }[] = [];
  for (const name of Object.keys(tensors)) {
    if (name === METADATA_KEY)
      throw new DtypeError(
        `${op}: the name "${METADATA_KEY}" is reserved for metadata (expected another name, got ${JSON.stringify(name)})`,
      );
    const value: unknown = tensors[name];
    const t: Tensor = value instanceof TensorClass ? value : deserializeTensor(value);
    const fileDtype = SAVE_DTYPES[t.dtype];
    if (fileDtype === undefined)
      throw new DtypeError(
        `${op}: expected float32, float64, int32 or bool tensors (safetensors has no ${t.dtype}), got ${describeValue(t)} for "${name}"`,
      );
    items.push({ name, t, fileDtype, bytes: FILE_DTYPES[fileDtype].bytes });
  }
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    if (!isPlainRecord(metadata))
      throw new DtypeError(`${op}: expected metadata to be an object of strings, got ${describeValue(metadata)}`);
    const meta: Record<string, string> = {};
    for (const key of Object.keys(metadata)) {
      const v: unknown = metadata[key];
      if (typeof v !== 'string')
        throw new DtypeError(`${op}: expected metadata values to be strings, got ${describeValue(v)} for "${key}"`);
      meta[key] = v;
    }
    header[METADATA_KEY] = meta;
  }
  items.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let offset = 0;
  for (const { name, t, fileDtype, bytes } of items) {
    const length = t.size * bytes;
    header[name] = { dtype: fileDtype, shape: [...t.shape], data_offsets: [offset, offset + length] };
    offset += length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  const base = 8 + headerBytes;
  let at = base;
  for (const { t, bytes } of items) {
    writeValues(
      noGrad(() => t.detach().toTypedArray()),
      out,
      at,
      bytes,
    );
    at += t.size * bytes;
  }
  return out;
}

function writeValues(values: ArrayLike<number>, out: Uint8Array, at: number, bytes: number): void {
  if (LITTLE_ENDIAN_HOST && ArrayBuffer.isView(values)) {
    const src = values as unknown as ArrayBufferView;
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset);
  for (let i = 0; i < values.length; i++) {
    const p = at + i * bytes;
    if (bytes === 8) view.setFloat64(p, values[i], true);
    else if (bytes === 4 && values instanceof Int32Array) view.setInt32(p, values[i], true);
    else if (bytes === 4) view.setFloat32(p, values[i], true);
    else view.setUint8(p, values[i]);
  }
}

/**
 * Reads a safetensors file into tensors (a null-prototype record, in file order). F32/F64/I32/BOOL load as float32,
 * float64, int32 and bool; F16 and BF16 load exactly as float32; I64/U64/U32 (PyTorch writes `num_batches_tracked`
 * as I64) and I8/U8/I16/U16 load as int32, refusing any value outside int32. The file is validated completely before
 * anything is allocated (see the file comment): a malformed or hostile file is a ShapeError / DtypeError.
 * @example
 * ```ts
 * const sd = loadSafetensors(readFileSync('model.safetensors'));
 * model.loadStateDict(sd, { names: 'pytorch' });
 * ```
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const op = 'loadSafetensors';
  const { entries, dataStart, file } = readHeader(op, bytes);
  // Everything is validated: decode (each tensor's storage is a fresh copy, never a view of the caller's bytes).
  const out: Record<string, Tensor> = Object.create(null);
  for (const e of entries) out[e.name] = decode(op, e, file, dataStart);
  return out;
}

/**
 * The `__metadata__` strings of a safetensors file (an empty object when it has none), after the same validation
 * as {@link loadSafetensors}.
 * @example `safetensorsMetadata(saveSafetensors({ w: ones([1]) }, { step: '10' })).step; // '10'`
 */
export function safetensorsMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  return readHeader('safetensorsMetadata', bytes).metadata;
}

/** `value instanceof ArrayBuffer` that is false (instead of throwing) for a revoked or trapping Proxy. */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  try {
    return value instanceof ArrayBuffer;
  } catch {
    return false;
  }
}

function readHeader(
  op: string,
  bytes: unknown,
): { entries: Entry[]; dataStart: number; file: Uint8Array; metadata: Record<string, string> } {
  let file: Uint8Array;
  // isView first: it answers false for any Proxy without consulting its traps (instanceof would run them).
  if (ArrayBuffer.isView(bytes) && bytes instanceof Uint8Array) file = bytes;
  else if (isArrayBuffer(bytes)) file = new Uint8Array(bytes);
  else throw new DtypeError(`${op}: expected a Uint8Array or ArrayBuffer, got ${describeValue(bytes)}`);
  if (file.length < 8)
    throw new ShapeError(`${op}: expected at least the 8-byte header length, got a file of ${file.length} bytes`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > MAX_HEADER_BYTES)
    throw new ShapeError(`${op}: header too large (expected at most ${MAX_HEADER_BYTES} bytes, got ${headerLength})`);
  if (headerLength > file.length - 8)
    throw new ShapeError(
      `${op}: invalid header length (expected at most the ${file.length - 8} bytes after it, got ${headerLength})`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, 8 + headerLength));
  } catch {
    throw new DtypeError(`${op}: expected the header to be UTF-8 text, got invalid UTF-8`);
  }
  if (!text.startsWith('{'))
    throw new DtypeError(`${op}: expected the header to start with "{", got ${describeValue(text.slice(0, 20))}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DtypeError(`${op}: expected the header to be JSON, got a parse error (${(error as Error).message})`);
  }
  if (!isPlainRecord(parsed))
    throw new DtypeError(`${op}: expected the header to be a JSON object, got ${describeValue(parsed)}`);
  const dataStart = 8 + headerLength;
  const dataLength = file.length - dataStart;
  const metadata: Record<string, string> = Object.create(null);
  const entries: Entry[] = [];
  for (const name of Object.keys(parsed)) {
    const info: unknown = parsed[name];
    if (name === METADATA_KEY) {
      if (!isPlainRecord(info))
        throw new DtypeError(
          `${op}: expected "${METADATA_KEY}" to be an object of strings, got ${describeValue(info)}`,
        );
      for (const key of Object.keys(info)) {
        const v: unknown = info[key];
        if (typeof v !== 'string')
          throw new DtypeError(
            `${op}: expected "${METADATA_KEY}" values to be strings, got ${describeValue(v)} for "${key}"`,
          );
        metadata[key] = v;
      }
      continue;
    }
    entries.push(readEntry(op, name, info, dataLength));
  }
  // The tensors must tile the byte buffer: sorted by offset, each begins where the previous ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected)
      throw new ShapeError(
        `${op}: invalid offset for "${e.name}" (expected tensors to be contiguous without gaps or overlap: begin ${expected}, got ${e.begin})`,
      );
    expected = e.end;
  }
  if (expected !== dataLength)
    throw new ShapeError(
      `${op}: the tensors do not cover the byte buffer (expected them to end at ${dataLength} bytes, got ${expected})`,
    );
  return { entries, dataStart, file, metadata };
}

function readEntry(op: string, name: string, info: unknown, dataLength: number): Entry {
  const where = `tensor "${name.length > 60 ? `${name.slice(0, 57)}...` : name}"`;
  if (!isPlainRecord(info))
    throw new DtypeError(`${op}: expected ${where} to be { dtype, shape, data_offsets }, got ${describeValue(info)}`);
  const fileDtype: unknown = info.dtype;
  if (typeof fileDtype !== 'string' || !Object.hasOwn(FILE_DTYPES, fileDtype))
    throw new DtypeError(
      `${op}: expected the dtype of ${where} to be one of ${Object.keys(FILE_DTYPES).join(', ')}, got ${describeValue(fileDtype)}`,
    );
  if (FILE_DTYPES[fileDtype].loadsAs === null)
    throw new DtypeError(
      `${op}: ${where} has a dtype tapegrad cannot represent (expected one of F64, F32, F16, BF16, I64, U64, I32, U32, I16, U16, I8, U8, BOOL, got ${fileDtype})`,
    );
  const shape: unknown = info.shape;
  if (
    !Array.isArray(shape) ||
    shape.length > MAX_DIMS ||
    !shape.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0)
  )
    throw new ShapeError(
      `${op}: expected the shape of ${where} to be at most ${MAX_DIMS} non-negative integers, got ${describeValue(shape)}`,
    );
  let elements = 1;
  for (const s of shape as number[]) elements = Math.min(elements * s, Number.MAX_SAFE_INTEGER);
  const offsets: unknown = info.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
  )
    throw new ShapeError(
      `${op}: expected data_offsets of ${where} to be two non-negative integers, got ${describeValue(offsets)}`,
    );
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength)
    throw new ShapeError(
      `${op}: data_offsets of ${where} out of range (expected 0 ≤ begin ≤ end ≤ ${dataLength}, got [${begin}, ${end}])`,
    );
  const byteLength = elements * FILE_DTYPES[fileDtype].bytes;
  if (byteLength !== end - begin)
    throw new ShapeError(
      `${op}: ${where} of dtype ${fileDtype} and shape ${formatShape(shape as number[])} needs ${byteLength} bytes, got data_offsets spanning ${end - begin}`,
    );
  if (elements > MAX_ELEMENTS)
    throw new ShapeError(`${op}: ${where} is too large (expected at most ${MAX_ELEMENTS} elements, got ${elements})`);
  return { name, fileDtype, shape: shape as number[], begin, end };
}

function decode(op: string, e: Entry, file: Uint8Array, dataStart: number): Tensor {
  const { bytes, loadsAs } = FILE_DTYPES[e.fileDtype];
  const dtype = loadsAs as DType;
  const n = (e.end - e.begin) / bytes;
  const raw = file.slice(dataStart + e.begin, dataStart + e.end); // a fresh, aligned copy
  const shape = [...e.shape];
  if (LITTLE_ENDIAN_HOST) {
    if (e.fileDtype === 'F64') return tensor(new Float64Array(raw.buffer), { shape });
    if (e.fileDtype === 'F32') return tensor(new Float32Array(raw.buffer), { shape });
    if (e.fileDtype === 'I32') return tensor(new Int32Array(raw.buffer), { shape });
  }
  const view = new DataView(raw.buffer);
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) {
      if (raw[i] > 1)
        throw new DtypeError(
          `${op}: expected the BOOL tensor "${e.name}" to hold bytes 0 or 1, got ${raw[i]} at element ${i}`,
        );
    }
    return tensor(raw, { dtype: 'bool', shape });
  }
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
    return tensor(out, { shape });
  }
  if (dtype === 'float32') {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = readFloat(e.fileDtype, view, i);
    return tensor(out, { shape });
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = readInteger(e.fileDtype, view, i);
    if (!(v >= -2147483648 && v <= 2147483647))
      throw new DtypeError(
        `${op}: ${e.fileDtype} tensor "${e.name}" holds ${String(v)} at element ${i}, outside int32 (expected values in [-2147483648, 2147483647], got ${String(v)})`,
      );
    out[i] = Number(v);
  }
  return tensor(out, { shape });
}

function readFloat(fileDtype: string, view: DataView, i: number): number {
  if (fileDtype === 'F32') return view.getFloat32(i * 4, true);
  const h = view.getUint16(i * 2, true);
  return fileDtype === 'BF16' ? bf16ToNumber(h) : f16ToNumber(h);
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 → number (exact): a bfloat16 is the high 16 bits of a float32. */
function bf16ToNumber(h: number): number {
  scratch.setUint32(0, h << 16, false);
  return scratch.getFloat32(0, false);
}

/** IEEE 754 binary16 → number (exact): sign, 5-bit exponent (bias 15), 10-bit fraction, with subnormals. */
function f16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Element `i` of an integer file dtype: I = signed, U = unsigned, of FILE_DTYPES' width, little-endian. */
function readInteger(fileDtype: string, view: DataView, i: number): number | bigint {
  const bytes = FILE_DTYPES[fileDtype].bytes;
  const signed = fileDtype[0] === 'I';
  const at = i * bytes;
  if (bytes === 8) return signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
  if (bytes === 4) return signed ? view.getInt32(at, true) : view.getUint32(at, true);
  if (bytes === 2) return signed ? view.getInt16(at, true) : view.getUint16(at, true);
  return signed ? view.getInt8(at) : view.getUint8(at);
}
