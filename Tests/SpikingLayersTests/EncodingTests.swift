import Foundation
import SpikingLayers
import TensorEngine
import TensorTestSupport
import Testing

/// The rate code, the phase gate and the time-window reductions against finite differences and their formulas.
@Suite struct EncodingTests {
  @Test func rateCodeAndTimeReductionsMatchFiniteDifferences() {
    // Inputs inside (0, 1) away from the clamp's kinks, and outside it (zero gradient).
    let x = Tensor(shape: [2, 3], scalars: [0.1, 0.35, 0.62, 0.87, -0.4, 1.3])
    GradientCheck.check([x], step: 1e-3, tolerance: 2e-2) { $0[0].rateEncoded(steps: 4, sharpness: 3) }
    let tape = Tape()
    let encoded = tape.constant(x).rateEncoded(steps: 4).value
    // e_t = σ(10·(p·T − t)): p = 0.35 → p·T = 1.4, so on for t = 0, 1 and off after.
    #expect(encoded.scalars[1] > 0.99 && encoded.scalars[7] > 0.98 && encoded.scalars[13] < 0.01)
    #expect(abs(encoded.scalars[4] - 0.5) < 1e-6)  // x < 0 → p = 0: σ(10·(0 − 0)) = 0.5 at t = 0
    let series = GradientCheck.tensor([3, 2, 4], seed: 3)
    GradientCheck.check([series]) { $0[0].sumOverTime() }
    GradientCheck.check([series]) { $0[0].meanOverTime() }
    GradientCheck.check([GradientCheck.tensor([2, 4], seed: 4)]) { $0[0].repeatedOverTime(3) }
  }

  @Test func eventDrivenLinearMatchesFiniteDifferencesAndTheDenseLinear() {
    // A sparse real-valued input (the operation is exact for any input).
    var x = GradientCheck.tensor([2, 3, 37], seed: 8)
    x = x.mapped { abs($0) < 0.6 ? 0 : $0 }
    let (w, b) = (GradientCheck.tensor([21, 37], seed: 9), GradientCheck.tensor([21], seed: 10))
    GradientCheck.check([x, w, b]) { $0[0].spikeLinear(weight: $0[1], bias: $0[2]) }
    let tape = Tape()
    let (xv, wv, bv) = (tape.parameter(x), tape.parameter(w), tape.parameter(b))
    let sparse = xv.spikeLinear(weight: wv, bias: bv)
    let dense = xv.linear(weight: wv, bias: bv)
    #expect(zip(sparse.value.scalars, dense.value.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    let weights = tape.constant(GradientCheck.tensor(sparse.shape, seed: 11))
    let g1 = tape.gradients(of: (sparse * weights).sum())
    let g2 = tape.gradients(of: (dense * weights).sum())
    for v in [xv, wv, bv] { #expect(zip(g1[v].scalars, g2[v].scalars).allSatisfy { abs($0 - $1) < 1e-5 }) }
  }

  @Test func timeGroupedEventDrivenLinearMatchesFiniteDifferencesAndTheUngroupedForward() {
    // (T 4, 3 tokens, 24 inputs); the grouped path runs for 2–4 steps.
    var x = GradientCheck.tensor([4, 3, 24], seed: 12)
    x = x.mapped { abs($0) < 0.5 ? 0 : $0 }
    let (w, b) = (GradientCheck.tensor([19, 24], seed: 13), GradientCheck.tensor([19], seed: 14))
    GradientCheck.check([x, w, b]) { $0[0].spikeLinear(weight: $0[1], bias: $0[2], timeSteps: 4) }
    let tape = Tape()
    let (xv, wv, bv) = (tape.parameter(x), tape.parameter(w), tape.parameter(b))
    let grouped = xv.spikeLinear(weight: wv, bias: bv, timeSteps: 4)
    let plain = xv.spikeLinear(weight: wv, bias: bv)
    #expect(grouped.value.scalars.map(\.bitPattern) == plain.value.scalars.map(\.bitPattern))
    let weights = tape.constant(GradientCheck.tensor(grouped.shape, seed: 15))
    let g1 = tape.gradients(of: (grouped * weights).sum())
    let g2 = tape.gradients(of: (plain * weights).sum())
    for v in [xv, wv, bv] { #expect(zip(g1[v].scalars, g2[v].scalars).allSatisfy { abs($0 - $1) < 1e-5 }) }
  }

  @Test func phaseGateFollowsTheSineAndItsSurrogate() {
    let (steps, width, heads) = (4, 4, 2)
    let x = GradientCheck.tensor([steps, 3, width], seed: 6)
    let (omega, phi) = (Tensor(shape: [heads], scalars: [1.1, 2.3]), Tensor(shape: [heads], scalars: [0.4, 5.0]))
    let tape = Tape()
    let (input, w, f) = (tape.parameter(x), tape.parameter(omega), tape.parameter(phi))
    let gated = input.phaseGated(omega: w, phi: f, heads: heads)
    let weights = GradientCheck.tensor(gated.shape, seed: 7)
    let gradients = tape.gradients(of: (gated * tape.constant(weights)).sum())
    var (dw, df) = ([Float](repeating: 0, count: heads), [Float](repeating: 0, count: heads))
    for i in 0..<x.count {
      let (t, k) = (i / (x.count / steps), (i % width) / (width / heads))
      let phase = omega.scalars[k] * Float(t) + phi.scalars[k]
      let gate: Float = sin(phase) > 0 ? 1 : 0
      #expect(gated.value.scalars[i] == x.scalars[i] * gate)
      #expect(gradients[input].scalars[i] == weights.scalars[i] * gate)
      let s = 1 / (1 + exp(-10 * sin(phase)))
      let slope = weights.scalars[i] * x.scalars[i] * 10 * s * (1 - s) * cos(phase)
      dw[k] += slope * Float(t)
      df[k] += slope
    }
    for k in 0..<heads {
      #expect(abs(gradients[w].scalars[k] - dw[k]) < 1e-5 && abs(gradients[f].scalars[k] - df[k]) < 1e-5)
    }
    #expect(gated.value.scalars.contains(0) && gated.value.scalars.contains { $0 != 0 })
  }
}
