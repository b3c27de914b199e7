import { readFileSync } from 'node:fs';
import { DtypeError, ShapeError, tensor, zeros } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import expected from '../../../test/fixtures/nn/dtypes.json';
import { Linear } from './layers';
import { loadSafetensors, safetensorsMetadata, saveSafetensors } from './safetensors';

const fixtureBytes = () =>
  new Uint8Array(readFileSync(new URL('../../../test/fixtures/nn/dtypes.safetensors', import.meta.url)));

/** A file from a header object and a data length (bytes of value 0). */
function file(header: unknown, dataLength: number, rawHeader?: string): Uint8Array {
  const text = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataLength);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  return out;
}

const decodeExpected = (v: number | string) => (typeof v === 'number' ? v : Number(v.replace('inf', 'Infinity')));

describe('loadSafetensors reads files written by an independent writer (PyTorch + scripts/fixtures)', () => {
  it('every dtype, exactly (F16/BF16 widened to float32, integers to int32)', () => {
    const loaded = loadSafetensors(fixtureBytes());
    const dtypes: Record<string, string> = {
      f32: 'float32',
      f64: 'float64',
      f16: 'float32',
      bf16: 'float32',
      i64: 'int32',
      i32: 'int32',
      u8: 'int32',
      i8: 'int32',
      i16: 'int32',
      flags: 'bool',
      empty: 'float32',
      scalar: 'float64',
    };
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, { shape, values }] of Object.entries(expected)) {
      const t = loaded[name];
      expect(t.dtype).toBe(dtypes[name]);
      expect(t.shape).toEqual(shape);
      const got = Array.from(t.toTypedArray() as ArrayLike<number>);
      expect(got).toEqual(values.map(decodeExpected));
    }
    expect(Object.is(loaded.f64.toTypedArray()[1], -0)).toBe(true);
    expect(safetensorsMetadata(fixtureBytes())).toEqual({ format: 'pt', note: 'fixture' });
  });

  it('never aliases the caller bytes', () => {
    const bytes = fixtureBytes();
    const t = loadSafetensors(bytes).i32;
    bytes.fill(0xff);
    expect(t.toArray()).toEqual([
      [-3, -2],
      [-1, 0],
      [1, 2],
    ]);
  });
});

describe('saveSafetensors', () => {
  it('round-trips every bit and the metadata; accepts serialized state dicts', () => {
    const values = {
      a: tensor([0.1, -0, Number.NaN, Infinity, 5e-324], { dtype: 'float64' }),
      b: tensor([[1.5, -2.25]], { dtype: 'float32' }),
      c: tensor([-2147483648, 2147483647], { dtype: 'int32' }),
      d: tensor([true, false]),
      e: zeros([0, 3]),
      f: tensor(7, { dtype: 'float64' }),
    };
    const bytes = saveSafetensors(values, { producer: 'tapegrad' });
    expect(new DataView(bytes.buffer).getUint32(0, true) % 8).toBe(0);
    const back = loadSafetensors(bytes.buffer.slice(0) as ArrayBuffer);
    for (const [name, t] of Object.entries(values)) {
      expect(back[name].dtype).toBe(t.dtype);
      expect(back[name].shape).toEqual(t.shape);
      expect(Array.from(back[name].toTypedArray() as ArrayLike<number>)).toEqual(
        Array.from(t.toTypedArray() as ArrayLike<number>),
      );
    }
    expect(Object.is(back.a.toTypedArray()[1], -0)).toBe(true);
    expect(safetensorsMetadata(bytes)).toEqual({ producer: 'tapegrad' });
    const fc = new Linear(3, 2);
    const sd = loadSafetensors(saveSafetensors(fc.stateDict()));
    expect(sd.weight.allclose(fc.weight)).toBe(true);
  });

  it('refuses complex tensors, the reserved name and non-string metadata', () => {
    expect(() => saveSafetensors({ z: tensor([{ re: 1, im: 2 }]) })).toThrow(
      /saveSafetensors: expected float32, float64, int32 or bool tensors \(safetensors has no complex64\)/,
    );
    expect(() => saveSafetensors({ __metadata__: zeros([1]) })).toThrow(DtypeError);
    expect(() => saveSafetensors({ a: zeros([1]) }, { n: 1 as unknown as string })).toThrow(
      /metadata values to be strings/,
    );
    expect(() => saveSafetensors(null as never)).toThrow(DtypeError);
  });
});

describe('loadSafetensors refuses malformed and hostile files before allocating', () => {
  const ok = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Uint8Array | ArrayBuffer, RegExp][] = [
    ['too short', new Uint8Array(5), /at least the 8-byte header length/],
    [
      'header length over the cap',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setUint32(0, 100_000_001, true);
        return b;
      })(),
      /header too large/,
    ],
    [
      'header length 2^63',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setUint32(4, 2 ** 31, true);
        return b;
      })(),
      /header too large/,
    ],
    [
      'header length past the end',
      (() => {
        const b = file(ok, 8);
        new DataView(b.buffer).setUint32(0, 10_000, true);
        return b;
      })(),
      /invalid header length/,
    ],
    ['invalid UTF-8', file(null, 0, '{"\xff"}').map((v, i) => (i === 10 ? 0xff : v)), /UTF-8/],
    ['not an object start', file(null, 0, '[1, 2]'), /start with "\{"/],
    ['invalid JSON', file(null, 0, '{"a": '), /expected the header to be JSON/],
    [
      'unknown dtype',
      file({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16),
      /dtype of tensor "a" to be one of/,
    ],
    ['unsupported dtype', file({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, 1), /cannot represent/],
    ['negative dim', file({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /non-negative integers/],
    ['fractional dim', file({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4), /non-negative integers/],
    ['65 dims', file({ a: { dtype: 'F32', shape: new Array(65).fill(1), data_offsets: [0, 4] } }, 4), /at most 64/],
    [
      'huge shape, small data',
      file({ a: { dtype: 'F64', shape: [2 ** 31 - 1], data_offsets: [0, 8] } }, 8),
      /needs 17179869176 bytes, got data_offsets spanning 8/,
    ],
    [
      'overflowing shape',
      file({ a: { dtype: 'F64', shape: [2 ** 40, 2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, 8),
      /needs/,
    ],
    ['offsets past the end', file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 4), /out of range/],
    ['begin after end', file({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4), /out of range/],
    ['bad offsets', file({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4), /two non-negative integers/],
    [
      'overlap',
      file(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        8,
      ),
      /invalid offset for "b"/,
    ],
    ['gap', file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), /begin 0, got 4/],
    ['trailing bytes', file(ok, 12), /expected them to end at 12 bytes, got 8/],
    [
      'duplicate names (the last wins, leaving a hole)',
      file(
        null,
        8,
        '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
      ),
      /invalid offset/,
    ],
    ['non-string metadata', file({ __metadata__: { a: 1 }, ...ok }, 8), /metadata__" values to be strings/],
    ['entry not an object', file({ a: [1] }, 0), /to be \{ dtype, shape, data_offsets \}/],
    [
      'BOOL byte 2',
      (() => {
        const b = file({ a: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, 2);
        b[b.length - 1] = 2;
        return b;
      })(),
      /bytes 0 or 1, got 2/,
    ],
    [
      'I64 outside int32',
      (() => {
        const b = file({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
        new DataView(b.buffer).setBigInt64(b.length - 8, 2n ** 40n, true);
        return b;
      })(),
      /holds 1099511627776 at element 0, outside int32/,
    ],
    ['not bytes', 'abc' as unknown as Uint8Array, /expected a Uint8Array or ArrayBuffer/],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        loadSafetensors(bytes);
      } catch (e) {
        error = e;
      }
      expect(error instanceof ShapeError || error instanceof DtypeError).toBe(true);
      expect((error as Error).message).toMatch(/^loadSafetensors: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('a "__proto__" tensor name is an ordinary key', () => {
    const t = loadSafetensors(file(null, 4, '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'));
    expect(Object.keys(t)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });
});
