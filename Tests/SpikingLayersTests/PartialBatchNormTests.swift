import SpikingLayers
import TensorEngine
import TensorTestSupport
import Testing

/// The fused PTBN training operation against finite differences and against its composed definition
/// (`LN(x; λγ₁, λβ₁) + BN(x; (1 − λ)γ₂, (1 − λ)β₂)`), which it must equal bit for bit.
@Suite struct PartialBatchNormTests {
  @Test func matchesFiniteDifferences() {
    let x = GradientCheck.tensor([3, 4, 5], seed: 21)
    let weights = (22..<26).map { GradientCheck.tensor([5], seed: UInt64($0)) }
    let mask: [Float] = [1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1]
    for rowMask in [nil, mask] {
      GradientCheck.check([x] + weights, tolerance: 3e-2) {
        $0[0].partialBatchNormalized(
          layerGamma: $0[1], layerBeta: $0[2], batchGamma: $0[3], batchBeta: $0[4], lambda: 0.3, rowMask: rowMask
        ).output
      }
    }
  }

  /// Widths with and without a vector tail, λ at the warm-up value 1 and mid-ramp, with and without padding rows.
  @Test(arguments: [(37, Float(1)), (37, Float(0.35)), (64, Float(0.35)), (256, Float(0.8))])
  func equalsTheComposedBranchesBitForBit(width: Int, lambda: Float) {
    let rows = 24
    let x = GradientCheck.tensor([2, rows / 2, width], seed: 31).mapped { $0 * 3 + 0.25 }
    let weights = (32..<36).map { GradientCheck.tensor([width], seed: UInt64($0)) }
    let upstream = GradientCheck.tensor([2, rows / 2, width], seed: 37)
    let mask = (0..<rows).map { Float($0 % 5 == 3 ? 0 : 1) }
    for rowMask in [nil, mask] {
      let tape = Tape()
      let xv = tape.parameter(x)
      let w = weights.map { tape.parameter($0) }
      let (fused, fusedStatistics) = xv.partialBatchNormalized(
        layerGamma: w[0], layerBeta: w[1], batchGamma: w[2], batchBeta: w[3], lambda: lambda, rowMask: rowMask)
      let layer = xv.layerNorm(gamma: w[0] * lambda, beta: w[1] * lambda)
      let (batch, statistics) = xv.batchNormalized(gamma: w[2] * (1 - lambda), beta: w[3] * (1 - lambda), rowMask: rowMask)
      let composed = layer + batch
      #expect(fused.value.scalars.map(\.bitPattern) == composed.value.scalars.map(\.bitPattern))
      #expect(fusedStatistics == statistics)
      let g = tape.constant(upstream)
      let fusedGradients = tape.gradients(of: (fused * g).sum())
      let composedGradients = tape.gradients(of: (composed * g).sum())
      for v in [xv] + w {
        #expect(fusedGradients[v].scalars.map(\.bitPattern) == composedGradients[v].scalars.map(\.bitPattern))
      }
    }
  }
}
