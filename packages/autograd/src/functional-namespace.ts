/** `autograd.functional.*`, as torch.autograd.functional. */
export { hessian, hvp, jacobian, jvp, vjp } from './functional';
