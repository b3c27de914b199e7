/**
 * erfinv, lgamma, digamma, polygamma and xlogy against 40-digit mpmath values (printed by /usr/bin/python3 with
 * mpmath: `mp.log(abs(mp.gamma(x)))`, `mp.digamma`, `mp.polygamma(n, x)`, `mp.erfinv`), incl. the zeros of lgamma at
 * 1 and 2, the root of digamma, tails of erfinv near 1 and the reflection range x < 0; poles and special values as
 * PyTorch 1.13 prints them. Derivatives: autograd gradcheck rows and the PyTorch differential suite.
 */
import { describe, expect, it } from 'vitest';
import { DtypeError } from '../errors';
import { tensor } from './creation';
import { erfinv, lgamma } from './elementwise';
import { digamma, polygamma, xlogy } from './special';

const G = [
  1e-300, 1e-8, 0.1, 0.5, 1.0, 1.0000000009313226, 1.4616321449683622, 2.0, 1.9999999990686774, 2.5, 7.25, 11.9, 12.0,
  170.5, 1e15, -0.5, -2.5, -0.1, -3.7, -100.25, -99999.5,
];
const LGAMMA = [
  690.7755278982137, 18.42068073818021, 2.252712651734206, 0.5723649429247001, 0.0, -5.375739784311044e-10,
  -0.12148629053584961, 0.0, -3.9374859519130207e-10, 0.2846828704729192, 7.0521854507385395, 17.25847745059552,
  17.502307845873887, 704.0044277342047, 3.3538776394910668e16, 1.2655121234846454, -0.056243716497674054,
  2.3689613327287886, -1.3797399049658245, -363.4009232278215, -1051292.3207052536,
];
const DIGAMMA = [
  -9.999999999999999e299, -100000000.57721564, -10.423754940411076, -1.9635100260214235, -0.5772156649015329,
  -0.5772156633695686, -9.241265521729427e-17, 0.42278433509846713, 0.4227843344978255, 0.7031566406452432,
  1.910453526883736, 2.4339335368825377, 2.442661679975812, 5.135799878794703, 34.538776394910684, 0.03648997397857652,
  1.103156640645243, 9.245073050052948, -0.8450768588704194, 7.754238959208646, 11.512925464974396,
];
const TRIGAMMA = [
  Infinity,
  1.0000000000000002e16,
  101.43329915079275,
  4.934802200544679,
  1.6449340668482264,
  1.644934064609221,
  0.9676722454476212,
  0.6449340668482264,
  0.6449340672245868,
  0.49035775610023485,
  0.14787923315893217,
  0.08766320119000419,
  0.08690187287176838,
  0.005882335979579863,
  1.0000000000000005e-15,
  8.934802200544679,
  9.539246644989124,
  101.92253995947719,
  14.84242186412428,
  19.729283325349364,
  9.869594401089358,
];
const TETRAGAMMA = [
  -Infinity,
  -2e24,
  -2001.8614573783436,
  -16.82879664423432,
  -2.4041138063191885,
  -2.404113800271236,
  -0.8855263379671844,
  -0.4041138063191886,
  -0.4041138067792055,
  -0.2362040516417274,
  -0.02182895229519774,
  -0.007679939159328307,
  -0.007547205368998912,
  -3.460177680469097e-5,
  -1.000000000000001e-30,
  -0.82879664423432,
  -0.1082040516417274,
  1996.798202956205,
  -68.89345468867354,
  124.0250082069177,
  -9.99999999975e-11,
];
const P7 = [
  Infinity,
  5.039999999999999e67,
  504000002365.19116,
  1290440.218185598,
  5060.54987523764,
  5060.549837611296,
  245.97361234728137,
  20.54987523763947,
  20.549875313056482,
  3.565236352523131,
  0.0010730756065806684,
  2.826743889334084e-5,
  2.6599144024323067e-5,
  1.7545065117261914e-13,
];
const U = [
  1e-300, 1e-10, 0.1, -0.3, 0.4999, 0.5, 0.5001, 0.7, 0.9, -0.99, 0.999, 0.999999, 0.999999999999, 0.9999999999999998,
];
const ERFINV = [
  8.86226925452758e-301, 8.862269254527581e-11, 0.08885599049425769, -0.2724627147267543, 0.4768250236254278,
  0.4769362762044699, 0.4770475405909757, 0.7328690779592167, 1.1630871536766743, -1.8213863677184494,
  2.3267537655135246, 3.458910737275499, 5.042031898572696, 5.805018683193453,
];

const f64 = (xs: number[]) => tensor(Float64Array.from(xs));
/** Relative errors above `rtol` (absolute below 1e-300 scale), as "x: got vs want" lines. */
function problems(got: number[], want: number[], xs: number[], rtol: number): string[] {
  return want.flatMap((w, i) => {
    const g = got[i];
    const ok = w === g || (Number.isFinite(w) && Math.abs(g - w) <= rtol * Math.abs(w) + 1e-300);
    return ok ? [] : [`${xs[i]}: ${g} vs ${w}`];
  });
}
const values = (t: ReturnType<typeof tensor>) => Array.from(t.toTypedArray());

describe('special functions in float64 against mpmath', () => {
  it('lgamma (zeros at 1 and 2 exact, reflection for x < 0)', () => {
    expect(problems(values(lgamma(f64(G))), LGAMMA, G, 1e-14)).toEqual([]);
  });
  it('digamma (absolute 1e-16 at its root 1.4616…)', () => {
    const got = values(digamma(f64(G)));
    expect(Math.abs(got[6] - DIGAMMA[6])).toBeLessThan(1e-15);
    expect(problems(got, DIGAMMA, G, 1e-14).filter((line) => !line.startsWith('1.4616'))).toEqual([]);
  });
  it('polygamma of orders 1, 2 and 7', () => {
    expect(problems(values(polygamma(1, f64(G))), TRIGAMMA, G, 1e-14)).toEqual([]);
    expect(problems(values(polygamma(2, f64(G))), TETRAGAMMA, G, 1e-13)).toEqual([]);
    expect(problems(values(polygamma(7, f64(G.slice(0, 14)))), P7, G, 1e-14)).toEqual([]);
  });
  it('erfinv, tails included (1 − 1e-12 and the last double below 1)', () => {
    expect(problems(values(erfinv(f64(U))), ERFINV, U, 1e-14)).toEqual([]);
  });
});

describe('special values as PyTorch 1.13', () => {
  it('poles, signed zeros, infinities and NaN', () => {
    const specials = f64([0, -0, -1, -2, Infinity, -Infinity, Number.NaN]);
    expect(values(lgamma(specials))).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Number.NaN]);
    expect(values(digamma(specials))).toEqual([
      -Infinity,
      Infinity,
      Number.NaN,
      Number.NaN,
      Infinity,
      Number.NaN,
      Number.NaN,
    ]);
    expect(values(polygamma(1, specials)).slice(0, 5)).toEqual([Infinity, Infinity, Infinity, Infinity, 0]);
    expect(values(polygamma(2, specials)).slice(0, 4)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    const e = values(erfinv(f64([0, -0, 1, -1, 1.5, -2, Number.NaN])));
    expect(e.map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([0, '-0', Infinity, -Infinity, NaN, NaN, NaN]);
  });
  it('erfinv of the last double below 1 (1 − 2⁻⁵³; mpmath 5.8635847487551679272), where 6 Halley steps left 1e-10', () => {
    expect(
      problems(
        values(erfinv(f64([1 - 2 ** -53, -(1 - 2 ** -53)]))),
        [5.863584748755168, -5.863584748755168],
        [1, -1],
        1e-15,
      ),
    ).toEqual([]);
  });
  it('just below 0 and at −∞ (subnormal x: no overflow in the reflection, no ∞ − ∞)', () => {
    // torch.lgamma(±5e-324) = 744.4400719213812; torch.polygamma(n, −5e-324) = +∞ (n = 1…4, −n!/x^(n+1) overflows);
    // torch.polygamma(n, −∞) for n = 0…4: NaN, NaN, −∞, +∞, −∞.
    expect(values(lgamma(f64([-5e-324, 5e-324])))).toEqual([744.4400719213812, 744.4400719213812]);
    for (const n of [1, 2, 3, 4]) expect(polygamma(n, f64([-5e-324])).item()).toBe(Infinity);
    const atMinusInf = [0, 1, 2, 3, 4].map((n) => polygamma(n, f64([-Infinity])).item());
    expect(atMinusInf).toEqual([Number.NaN, Number.NaN, -Infinity, Infinity, -Infinity]);
    // mpmath: log|Γ(x)| and ψ⁽ⁿ⁾(x) on (−½, 0), where the new branches apply.
    const xs = [-0.3, -0.49, -1e-4];
    expect(
      problems(values(lgamma(f64(xs))), [1.4648400508576025, 1.2663237058072656, 9.210398101767744], xs, 1e-14),
    ).toEqual([]);
    const ys = [-1e-5, -0.000999];
    expect(problems(values(polygamma(1, f64(ys))), [10000000001.644957, 1002004.6513440269], ys, 1e-14)).toEqual([]);
    expect(problems(values(polygamma(2, f64(ys))), [1999999999999997.0, 2006012017.6194277], ys, 1e-14)).toEqual([]);
    expect(problems(values(polygamma(3, f64(ys))), [5.999999999999999e20, 6024060120216.853], ys, 1e-14)).toEqual([]);
  });
  it('integer inputs become the default float dtype; complex inputs and bad orders are refused', () => {
    expect(lgamma(tensor([1, 2, 3], { dtype: 'int32' })).dtype).toBe('float32');
    expect(polygamma(0, tensor([1], { dtype: 'int32' })).dtype).toBe('float32');
    expect(() => digamma(tensor([{ re: 1, im: 1 }]))).toThrow(DtypeError);
    expect(() => erfinv(tensor([{ re: 1, im: 1 }]))).toThrow(/^erfinv: /);
    expect(() => polygamma(-1, f64([1]))).toThrow(/^polygamma: expected n/);
    expect(() => polygamma(1.5, f64([1]))).toThrow(DtypeError);
  });
});

describe('xlogy', () => {
  it('is x·log y, 0 where x = 0 unless y is NaN (torch.xlogy values)', () => {
    const x = f64([0, 0, 0, 0, 0, 1, 2, -3]);
    const y = f64([0, -1, Infinity, Number.NaN, 2, 0, Math.E, 1]);
    expect(values(xlogy(x, y))).toEqual([0, 0, 0, Number.NaN, 0, -Infinity, 2, -0]);
    // x = ±0 gives +0 (torch.xlogy(-0., 2.) is 0.; xlogy(-2., 1.) stays −0 as in torch).
    const signed = values(xlogy(f64([-0, -0, 0, -2]), f64([2, 0.5, 1e-300, 1])));
    expect(signed.map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([0, 0, 0, '-0']);
    expect(xlogy(tensor([1, 2], { dtype: 'int32' }), 2.0).dtype).toBe('float32');
    expect(xlogy(2, f64([Math.E])).item()).toBe(2);
    expect(() => xlogy(tensor([{ re: 1, im: 0 }]), f64([1]))).toThrow(DtypeError);
    expect(() => xlogy(f64([1, 2]), f64([1, 2, 3]))).toThrow(/^xlogy: /);
  });
});
