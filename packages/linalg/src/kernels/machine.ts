/**
 * IEEE 754 binary64 machine parameters, in the names of LAPACK's dlamch — the one home of these constants for the
 * linear-algebra kernels.
 */

/** Relative machine precision, the unit roundoff 2⁻⁵³ (dlamch('E'), rounding mode). */
export const EPS = 2 ** -53;
/** Safe minimum 2⁻¹⁰²² (dlamch('S')): the smallest normal double; its reciprocal does not overflow. */
export const SAFMIN = 2 ** -1022;
/** Reciprocal of {@link SAFMIN}, 2¹⁰²². */
export const SAFMAX = 1 / SAFMIN;
