// A custom differentiable op with autograd.defineFunction, whose backward is itself differentiable, checked with
// gradcheck (first derivatives) and gradgradcheck (second derivatives). Also shows what gradcheck reports for a
// deliberately wrong backward.
//
// Run: node examples/04-custom-op.mjs
import { autograd, manualSeed, randn } from 'tapegrad';

manualSeed(2);

// softsign(x) = x / (1 + |x|), derivative 1 / (1 + |x|)²
const softsign = autograd.defineFunction({
  name: 'softsign',
  forward(ctx, x) {
    ctx.saveForBackward(x);
    return x.div(x.abs().add(1));
  },
  backward(ctx, grad) {
    const [x] = ctx.saved;
    // Written with tensor ops, so it is recorded when the gradient is taken with createGraph (double backward).
    return [grad.div(x.abs().add(1).square())];
  },
});

const x = randn([5], { dtype: 'float64', requiresGrad: true });
const y = softsign(x);
console.log('softsign(x) =', y.toString());
console.log('gradcheck:', autograd.gradcheck(softsign, [x]));
console.log('gradgradcheck:', autograd.gradgradcheck(softsign, [x]));

const [g] = autograd.grad(y.sum(), [x], { createGraph: true });
const [h] = autograd.grad(g.sum(), [x]);
console.log('second derivative −2·sign(x)/(1+|x|)³ =', h.toString());

const wrong = autograd.defineFunction({
  name: 'wrongSquare',
  forward(ctx, t) {
    ctx.saveForBackward(t);
    return t.mul(t);
  },
  backward(ctx, grad) {
    return [grad.mul(ctx.saved[0]).mul(3)]; // should be 2·x
  },
});
try {
  autograd.gradcheck(wrong, [x]);
} catch (error) {
  console.log(`gradcheck caught the wrong backward (${error.name}):\n${error.message}`);
}
