// Interop: mathjs matrices in, tapegrad tensors through linalg.pinv and its gradient, mathjs matrices out.
//
// Run: node examples/05-mathjs-interop.mjs
import * as math from 'mathjs';
import { autograd, fromMathjs, linalg, toMathjs } from 'tapegrad';

const M = math.matrix([
  [1, 2],
  [3, 4],
  [5, 6],
]);
const A = fromMathjs(M, { dtype: 'float64', requiresGrad: true });
const P = linalg.pinv(A);
console.log('pinv(A) =', math.format(toMathjs(P, math), 6));

// Gradient of the nuclear-norm-like loss sum(pinv(A)²) with respect to A.
const [gradA] = autograd.grad(P.square().sum(), [A]);
console.log('d sum(pinv(A)²) / dA =', math.format(toMathjs(gradA, math), 6));

// Complex matrices travel too (mathjs Complex ↔ { re, im }).
const Z = math.matrix([
  [math.complex(1, 1), math.complex(0, 2)],
  [math.complex(3, 0), math.complex(1, -1)],
]);
const Zp = toMathjs(linalg.pinv(fromMathjs(Z, { dtype: 'complex128' })), math);
console.log('pinv(Z) · Z ≈ I:', math.format(math.multiply(Zp, Z), 6));
