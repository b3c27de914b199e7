// Typical consumer code, type-checked by test/tarballs.test.ts with `tsc --strict` against the INSTALLED tarballs
// (as consumer.mts/consumer.cts under moduleResolution node16 and as consumer.ts under moduleResolution bundler).
import { autograd, linalg, nn, ShapeError, TapegradError, type Tensor, tensor } from 'tapegrad';

const a: Tensor = tensor(
  [
    [2, 1],
    [1, 3],
    [0, 1],
  ],
  { dtype: 'float64', requiresGrad: true },
);
const loss: Tensor = linalg.pinv(a).sum();
loss.backward();
const grad: Tensor | null = a.grad;
const ok: boolean = autograd.gradgradcheck((m: Tensor) => linalg.pinv(m).sum(), [a]);
const layer = new nn.Linear(2, 1);
const out: Tensor = layer.forward(tensor([[1, 2]]));
function kind(e: unknown): string {
  return e instanceof ShapeError ? 'shape' : e instanceof TapegradError ? 'tapegrad' : 'other';
}
// The published .d.ts keeps the typing of issue #11 item 5: real item() is a number, grad gives tensors.
const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
const value: number = x.square().sum().item();
const [g] = autograd.grad(x.exp().sum(), [x]);
const gradValue: number = g.sum().item();
export const summary = { grad, ok, out, value, gradValue, kind: kind(new ShapeError('x')) };
