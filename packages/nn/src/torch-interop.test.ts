/**
 * Weights move between tapegrad and PyTorch 1.13 as safetensors files under PyTorch's names, both ways, for one model
 * that uses Embedding (paddingIdx), LayerNorm, MultiheadAttention (in_proj_weight, out_proj), Conv1d, BatchNorm1d
 * (running_mean, running_var, num_batches_tracked), a ModuleList, a ModuleDict and a Sequential.
 *
 * - torch → tapegrad: `interop-torch.safetensors` is PyTorch's `state_dict()` of the same architecture; loaded here it
 *   must give PyTorch's outputs (eval mode, and a train-mode call with its running-buffer updates).
 * - tapegrad → torch: `interop-tapegrad.safetensors` was written by this file (`TAPEGRAD_WRITE_FIXTURES=1 npx vitest
 *   run packages/nn/src/torch-interop.test.ts`); scripts/fixtures/nn_interop.py loaded it into PyTorch's module with
 *   `load_state_dict(strict=True)` and recorded PyTorch's output, which tapegrad must reproduce from the same file.
 * Then `python3 scripts/fixtures/nn_interop.py` (PyTorch 1.13) writes the rest of test/fixtures/nn/interop*.
 */
import '@tapegrad/autograd';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@tapegrad/core';
import { manualSeed, randint, relu, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/nn/interop.json';
import {
  BatchNorm1d,
  Conv1d,
  Embedding,
  init,
  LayerNorm,
  Linear,
  loadSafetensors,
  Module,
  ModuleDict,
  ModuleList,
  MultiheadAttention,
  Sequential,
  saveSafetensors,
} from './index';

/** The architecture of `Net` in scripts/fixtures/nn_interop.py, property for attribute. */
class Net extends Module {
  emb = new Embedding(11, 8, { paddingIdx: 0 });
  ln = new LayerNorm(8);
  attn = new MultiheadAttention(8, 2, { batchFirst: true });
  conv = new Conv1d(8, 6, 3, { padding: 1 });
  bn = new BatchNorm1d(6);
  blocks = new ModuleList([new Linear(6, 6), new Linear(6, 6)]);
  head = new Sequential(new Linear(6, 4));
  extra = new ModuleDict({ scale: new Linear(4, 4, { bias: false }) });
  forward(idx: Tensor): Tensor {
    const x = this.emb.forward(idx);
    const h = this.ln.forward(x);
    let y = x.add(this.attn.forward(h, h, h, { needWeights: false })[0]);
    y = relu(this.bn.forward(this.conv.forward(y.transpose(1, 2)))).transpose(1, 2);
    for (const block of this.blocks) y = relu((block as Linear).forward(y));
    return (this.extra.get('scale') as Linear).forward(this.head.forward(y));
  }
}

const dir = new URL('../../../test/fixtures/nn/', import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const idx = tensor(fixture.idx, { dtype: 'int32' });
const close = (t: Tensor, expected: number[]) => {
  const got = Array.from(t.toTypedArray() as Float32Array);
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThan(2e-5);
};

describe.runIf(process.env.TAPEGRAD_WRITE_FIXTURES === '1')('fixture writer', () => {
  it('writes interop-tapegrad.safetensors (random weights, running stats after two train-mode calls)', () => {
    manualSeed(7);
    const net = new Net();
    for (const p of net.parameters()) init.normal_(p, 0, 0.5);
    for (let i = 0; i < 2; i++) net.forward(randint(0, 11, [3, 5], { dtype: 'int32' }));
    writeFileSync(
      fileURLToPath(new URL('interop-tapegrad.safetensors', dir)),
      saveSafetensors(net.stateDict({ names: 'pytorch' })),
    );
  });
});

describe('PyTorch interop through safetensors with PyTorch names', () => {
  it("a PyTorch state_dict loads (strict) and gives PyTorch's outputs and buffer updates", () => {
    const sd = loadSafetensors(file('interop-torch.safetensors'));
    expect(Object.keys(sd).sort()).toEqual([...fixture.torchKeys].sort());
    const net = new Net();
    const result = net.loadStateDict(sd, { names: 'pytorch' });
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    net.eval();
    close(net.forward(idx), fixture.torchEval);
    net.train();
    close(net.forward(idx), fixture.torchTrain);
    close(net.bn.runningMean as Tensor, fixture.torchRunningMean);
    close(net.bn.runningVar as Tensor, fixture.torchRunningVar);
    expect((net.bn.numBatchesTracked as Tensor).item()).toBe(fixture.torchNumBatchesTracked);
  });

  it("a tapegrad file has exactly PyTorch's keys and shapes, and PyTorch's output on it is reproduced", () => {
    const bytes = file('interop-tapegrad.safetensors');
    const sd = loadSafetensors(bytes);
    const torchSd = loadSafetensors(file('interop-torch.safetensors'));
    expect(Object.keys(sd).sort()).toEqual(Object.keys(torchSd).sort());
    for (const [k, t] of Object.entries(sd)) expect(t.shape, k).toEqual(torchSd[k].shape);
    const net = new Net();
    net.loadStateDict(sd, { names: 'pytorch' });
    net.eval();
    close(net.forward(idx), fixture.torchEvalOnTapegradFile);
    // Saving the loaded model again reproduces the file byte for byte.
    expect(saveSafetensors(net.stateDict({ names: 'pytorch' }))).toEqual(bytes);
  });

  it('a file with a missing or misshaped tensor is refused before anything changes', () => {
    const sd = loadSafetensors(file('interop-torch.safetensors'));
    const net = new Net();
    const before = saveSafetensors(net.stateDict());
    const { 'bn.running_var': _dropped, ...missing } = sd;
    expect(() => net.loadStateDict(missing, { names: 'pytorch' })).toThrow(/missing key\(s\) "bn.running_var"/);
    const misshaped = { ...sd, 'attn.in_proj_weight': sd['attn.in_proj_weight'].reshape([8, 24]) };
    expect(() => net.loadStateDict(misshaped, { names: 'pytorch' })).toThrow(/in_proj_weight/);
    expect(saveSafetensors(net.stateDict())).toEqual(before);
  });
});
