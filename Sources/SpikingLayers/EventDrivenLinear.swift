import CBLAS
import CKernels
import Foundation

/// A Linear for batch-1 inference whose input is binary spikes: event-driven (the weight rows of the active
/// inputs are added) or dense (the packed product, AVX-512F or AVX2 + FMA), chosen per call from the input's
/// firing rate.
///
/// With the packed kernel both paths give bit-identical results (`smr_spike_gemm` sums in the packed kernel's
/// order), so the choice changes only the time. The crossover rate — the firing rate above which the dense
/// product is faster — is measured once per layer at creation (`calibrate`), or given. Without either
/// instruction set the dense path is BLAS and the choice uses a fixed crossover (deterministic).
/// Weights are copied; not thread-safe (one per runner).
public final class EventDrivenLinear {
  /// Input and output widths.
  public let inputs: Int, outputs: Int
  /// The firing rate below which the event-driven path runs.
  public private(set) var crossover: Double
  /// Calls that took each path (for reports).
  public private(set) var eventDrivenCalls = 0, denseCalls = 0
  private let weight: UnsafeMutablePointer<Float>  // (out, in)
  private let transposed: UnsafeMutablePointer<Float>  // (in, out)
  var transposedWeight: UnsafePointer<Float> { UnsafePointer(transposed) }
  /// The weight's column sums `Σ_i W[:, i]` (inputs in increasing order), for rate-coded products.
  let columnSums: UnsafeMutablePointer<Float>
  private let packed: UnsafeMutablePointer<Float>?
  /// The bias `(outputs,)`.
  public let bias: UnsafeMutablePointer<Float>
  private let scratch: UnsafeMutablePointer<Int32>

  /// Whether the dense path uses the packed kernel (AVX-512F or AVX2 + FMA).
  public static let packs = smr_packed_gemm_available() != 0

  /// Copies a weight `(outputs, inputs)` and bias.
  /// - Parameters:
  ///   - crossover: a firing rate, or nil to measure one (the packed kernel) or use 0.3 (BLAS).
  public init(weight w: [Float], bias b: [Float], inputs: Int, outputs: Int, crossover: Double? = nil) {
    precondition(w.count == inputs * outputs && b.count == outputs, "weight (\(outputs), \(inputs)) and bias (\(outputs)) needed")
    self.inputs = inputs
    self.outputs = outputs
    weight = .allocate(capacity: w.count)
    weight.initialize(from: w, count: w.count)
    transposed = .allocate(capacity: w.count)
    for o in 0..<outputs { for i in 0..<inputs { transposed[i * outputs + o] = w[o * inputs + i] } }
    bias = .allocate(capacity: max(outputs, 1))
    bias.initialize(from: b, count: outputs)
    columnSums = .allocate(capacity: max(outputs, 1))
    columnSums.initialize(repeating: 0, count: max(outputs, 1))
    for i in 0..<inputs { for o in 0..<outputs { columnSums[o] += transposed[i * outputs + o] } }
    scratch = .allocate(capacity: inputs + 16)
    if Self.packs {
      let p = UnsafeMutablePointer<Float>.allocate(capacity: smr_packed_size(outputs, inputs))
      smr_pack_weights(weight, outputs, inputs, p)
      packed = p
    } else {
      packed = nil
    }
    self.crossover = crossover ?? 0.3
    if crossover == nil, Self.packs { self.crossover = calibrate() }
  }

  deinit {
    weight.deallocate()
    transposed.deallocate()
    bias.deallocate()
    columnSums.deallocate()
    scratch.deallocate()
    packed?.deallocate()
  }

  /// `y (rows × outputs, ldy) = a·Wᵀ + b` (or `+=` when `accumulate`) for binary `a (rows × inputs, lda)`.
  /// - Parameter rate: the input's firing rate (spikes / elements), which picks the path.
  public func apply(
    _ a: UnsafePointer<Float>, lda: Int, rows: Int, rate: Double, into y: UnsafeMutablePointer<Float>, ldy: Int,
    accumulate: Bool = false
  ) {
    guard rows > 0 else { return }
    let mode = accumulate ? Int32(SMR_ACCUMULATE_BIAS) : Int32(SMR_BIAS)
    if rate < crossover {
      eventDrivenCalls += 1
      smr_spike_gemm(a, lda, rows, inputs, transposed, outputs, bias, y, ldy, mode, scratch)
    } else {
      denseCalls += 1
      dense(a, lda: lda, rows: rows, into: y, ldy: ldy, mode: mode)
    }
  }

  /// The dense product (any real-valued input): `y = a·Wᵀ + b` (or `+=` when `accumulate`).
  public func dense(
    _ a: UnsafePointer<Float>, lda: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int, accumulate: Bool = false
  ) {
    dense(a, lda: lda, rows: rows, into: y, ldy: ldy, mode: accumulate ? Int32(SMR_ACCUMULATE_BIAS) : Int32(SMR_BIAS))
  }

  private func dense(_ a: UnsafePointer<Float>, lda: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int, mode: Int32) {
    if let packed {
      smr_packed_gemm_ex(a, lda, packed, rows, outputs, inputs, y, ldy, 0, (outputs + Int(SMR_PANEL) - 1) / Int(SMR_PANEL), bias, mode)
      return
    }
    for r in 0..<rows {
      let out = y + r * ldy
      if mode == Int32(SMR_ACCUMULATE_BIAS) { smr_add(out, bias, outputs, out) } else { out.update(from: bias, count: outputs) }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1, a, Int32(lda),
      weight, Int32(inputs), 1, y, Int32(ldy))
  }

  /// The firing rate where both paths take the same time on this layer (8 rows), clamped to [0.02, 1.01].
  public func calibrate(rows: Int = 8) -> Double {
    let input = UnsafeMutablePointer<Float>.allocate(capacity: rows * inputs)
    let output = UnsafeMutablePointer<Float>.allocate(capacity: rows * outputs)
    defer { input.deallocate(); output.deallocate() }
    func time(_ body: () -> Void) -> Double {
      body()
      var best = Double.infinity
      for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<4 { body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
      }
      return best
    }
    func fill(_ rate: Double) {
      var state: UInt64 = 0x9E37_79B9_7F4A_7C15
      for i in 0..<(rows * inputs) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        input[i] = Double(state >> 11) * 0x1p-53 < rate ? 1 : 0
      }
    }
    fill(0.5)
    let dense = time { self.dense(input, lda: inputs, rows: rows, into: output, ldy: outputs, accumulate: false) }
    let sparseHalf = time { smr_spike_gemm(input, inputs, rows, inputs, transposed, outputs, bias, output, outputs, Int32(SMR_BIAS), scratch) }
    fill(0.05)
    let sparseLow = time { smr_spike_gemm(input, inputs, rows, inputs, transposed, outputs, bias, output, outputs, Int32(SMR_BIAS), scratch) }
    // Event-driven time is about linear in the rate: t(r) = t(0.05) + (r − 0.05)·slope.
    let slope = max((sparseHalf - sparseLow) / 0.45, 1e-9)
    return min(max(0.05 + (dense - sparseLow) / slope, 0.02), 1.01)
  }
}

extension EventDrivenLinear {
  /// The product with the rate code of a prepared plan's rows `first ..< first + rows`, every time step:
  /// `y[t·ldt + r·ldy + c] = (W·code_t(x_r))[c] + b[c]`, equal to the dense product of `smr_rate_code`'s output up
  /// to rounding (`RateCodePlan`).
  /// - Parameters:
  ///   - plan: a plan prepared for at least `first + rows` rows, `plan.width == inputs`.
  ///   - ldt: the distance between the outputs of consecutive time steps.
  public func rateCoded(
    _ plan: RateCodePlan, first: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int, ldt: Int
  ) {
    precondition(plan.width == inputs && first + rows <= plan.rows, "the plan's width \(plan.width) and rows \(plan.rows) do not fit")
    guard rows > 0 else { return }
    let values = plan.values + first * plan.steps * plan.rowStride
    let ran = smr_rate_gemm(plan.indices + first * inputs, plan.counts + 2 * first, values, rows, inputs, plan.steps,
      plan.sharpness, transposedWeight, columnSums, outputs, bias, y, ldy, ldt, Int32(SMR_PATH_BEST))
    precondition(ran >= 0, "the rate-coded product could not allocate its scratch")
  }
}
