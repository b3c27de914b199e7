/** Argument checks shared by a module and its functional form (internal). */
import { DtypeError } from '@tapegrad/core';
import { describe } from './state-dict';

/** Validates a dropout probability (torch: "dropout probability has to be between 0 and 1"). */
export function checkDropoutProbability(op: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new DtypeError(`${op}: expected a dropout probability between 0 and 1, got ${describe(p)}`);
  return p;
}
