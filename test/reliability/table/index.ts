/**
 * THE bad-input table of the reliability suite: one entry per public export of the umbrella 'tapegrad' (functions,
 * namespaces' functions, classes and their prototype methods and getters), each with bad inputs that must be refused
 * with a typed error, or an explicit exemption with its reason. `bad-input.test.ts` runs it and checks that no
 * export is missing.
 */
import autograd from './autograd';
import core from './core';
import coreInternal from './core-internal';
import linalg from './linalg';
import movement from './movement';
import nn from './nn';
import nnLayers from './nn-layers';
import nn2 from './nn2';
import nn3 from './nn3';
import optimTable from './optim';
import parity from './parity';
import parity2 from './parity2';
import products from './products';
import tensor from './tensor';
import type { Table } from './types';

const parts: Table[] = [
  core,
  coreInternal,
  movement,
  products,
  tensor,
  parity,
  parity2,
  linalg,
  autograd,
  nn,
  optimTable,
  nn2,
  nnLayers,
  nn3,
];

export const TABLE: Table = {};
for (const part of parts) {
  for (const [key, entry] of Object.entries(part)) {
    if (Object.hasOwn(TABLE, key)) throw new Error(`bad-input table: duplicate key ${key}`);
    TABLE[key] = entry;
  }
}

export type { BadCase, Entry, Exempt, Row, Table, Track } from './types';
export { defaultOp } from './types';
