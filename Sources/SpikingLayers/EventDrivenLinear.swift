import CBLAS
import CKernels
import Foundation
public import Parallelism

/// A Linear for batch-1 inference whose input is binary spikes: event-driven (the weight rows of the active
/// inputs are added), time-grouped event-driven (an input `(T, tokens, in)`: each token's union of active inputs
/// over its T rows is visited once, `smr_spike_gemm_grouped`) or dense (the packed product, AVX-512F or
/// AVX2 + FMA), chosen per call: a grouped input whose union rate is below the grouped crossover takes the grouped
/// product (each weight row loaded once for up to T rows, so it beats the ungrouped one at any rate: D 256, T 4,
/// batch-1 latency 0.86–1.03 → 0.59–0.62 ms when it was tried only above the crossover); otherwise the firing rate
/// picks the ungrouped event-driven or the dense product.
///
/// With the packed kernel all paths give bit-identical results (`smr_spike_gemm` and its grouped form sum in the
/// packed kernel's order), so the choice changes only the time. The crossover rate — the firing rate above which
/// the dense product is faster — and the grouped crossover — the union rate (active (token, input) pairs over
/// tokens × inputs) below which the grouped product beats the dense one — are measured once per layer at creation
/// (`calibrate`), or given. Without either instruction set the dense path is BLAS and the choice uses a fixed
/// crossover (deterministic).
/// Given a worker pool, the outputs are also split into one column range per thread (`ColumnSplit`), each a
/// Linear of its own (calibrated for its width) run in parallel: per output column every path sums in the same
/// order whatever the width, so the split changes only the time.
/// Weights are copied; not thread-safe (one per runner).
public final class EventDrivenLinear {
  /// Input and output widths.
  public let inputs: Int, outputs: Int
  /// The firing rate below which the event-driven path runs.
  public private(set) var crossover: Double
  /// The union rate below which a grouped input takes the time-grouped event-driven path, whatever its firing
  /// rate (0: never).
  public private(set) var groupedCrossover: Double
  /// The time steps T of a grouped input `(T, tokens, in)` the grouped crossover is measured for (1: none).
  public let timeSteps: Int
  /// Calls that took the event-driven path (for reports; grouped products count as event-driven; with a column
  /// split: its first part's choices).
  public var eventDrivenCalls: Int { split?.parts[0].eventDrivenCalls ?? ownEventDrivenCalls }
  /// Calls that took the dense path (with a column split: its first part's choices).
  public var denseCalls: Int { split?.parts[0].denseCalls ?? ownDenseCalls }
  private var ownEventDrivenCalls = 0, ownDenseCalls = 0
  /// The column ranges run in parallel, or nil.
  private let split: ColumnSplit?
  /// How many column ranges every product runs as (1: not split).
  public var columnParts: Int { split?.parts.count ?? 1 }
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
  ///   - timeSteps: T of the `(T, tokens, in)` inputs `apply` gets with `grouped` (2–4 use the grouped path on
  ///     AVX-512F; else never grouped).
  ///   - groupedCrossover: a union rate, or nil to measure one when `crossover` is nil too (else 0: never grouped).
  ///   - pool: with two or more threads and at least 32 outputs per thread, every product runs as one column
  ///     range per thread on it (nil: on the calling thread).
  public init(
    weight w: [Float], bias b: [Float], inputs: Int, outputs: Int, crossover: Double? = nil, timeSteps: Int = 1,
    groupedCrossover: Double? = nil, pool: WorkerPool? = nil
  ) {
    precondition(w.count == inputs * outputs && b.count == outputs, "weight (\(outputs), \(inputs)) and bias (\(outputs)) needed")
    split = pool.flatMap { pool in
      ColumnSplit(pool: pool, outputs: outputs) { range in
        EventDrivenLinear(
          weight: Array(w[(range.lowerBound * inputs)..<(range.upperBound * inputs)]), bias: Array(b[range]), inputs: inputs,
          outputs: range.count, crossover: crossover, timeSteps: timeSteps, groupedCrossover: groupedCrossover)
      }
    }
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
    self.timeSteps = timeSteps
    let groups = (2...4).contains(timeSteps) && smr_avx512_available() != 0
    self.groupedCrossover = groups ? groupedCrossover ?? 0 : 0
    if crossover == nil, Self.packs, split == nil {  // a split's parts measure their own
      self.crossover = calibrate()
      if groups, groupedCrossover == nil { self.groupedCrossover = calibrateGrouped() }
    }
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
  /// - Parameters:
  ///   - rate: the input's firing rate (spikes / elements), which picks the path.
  ///   - grouped: whether `a` is `(timeSteps, rows / timeSteps, inputs)`, the T steps of the same tokens.
  public func apply(
    _ a: UnsafePointer<Float>, lda: Int, rows: Int, rate: Double, into y: UnsafeMutablePointer<Float>, ldy: Int,
    accumulate: Bool = false, grouped: Bool = false
  ) {
    guard rows > 0 else { return }
    if let split {
      return split.run { part, column in
        part.apply(a, lda: lda, rows: rows, rate: rate, into: y + column, ldy: ldy, accumulate: accumulate, grouped: grouped)
      }
    }
    let mode = accumulate ? Int32(SMR_ACCUMULATE_BIAS) : Int32(SMR_BIAS)
    if grouped, groupedCrossover > 0, rows % timeSteps == 0 {
      let pairs = Double(rows / timeSteps * inputs)
      if Double(smr_group_union_count(a, lda, rows, inputs, timeSteps)) < groupedCrossover * pairs {
        ownEventDrivenCalls += 1
        _ = smr_spike_gemm_grouped(a, lda, rows, inputs, transposed, outputs, bias, y, ldy, mode, scratch, timeSteps)
        return
      }
    }
    if rate < crossover {
      ownEventDrivenCalls += 1
      smr_spike_gemm(a, lda, rows, inputs, transposed, outputs, bias, y, ldy, mode, scratch)
    } else {
      ownDenseCalls += 1
      dense(a, lda: lda, rows: rows, into: y, ldy: ldy, mode: mode)
    }
  }

  /// The dense product (any real-valued input): `y = a·Wᵀ + b` (or `+=` when `accumulate`).
  public func dense(
    _ a: UnsafePointer<Float>, lda: Int, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int, accumulate: Bool = false
  ) {
    if let split {
      return split.run { part, column in part.dense(a, lda: lda, rows: rows, into: y + column, ldy: ldy, accumulate: accumulate) }
    }
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
    Self.fill(input, rows: rows, inputs: inputs, rate: 0.5, copies: 1)
    let dense = Self.time { self.dense(input, lda: inputs, rows: rows, into: output, ldy: outputs, accumulate: false) }
    let sparse = { smr_spike_gemm(input, self.inputs, rows, self.inputs, self.transposed, self.outputs, self.bias, output, self.outputs, Int32(SMR_BIAS), self.scratch) }
    let sparseHalf = Self.time(sparse)
    Self.fill(input, rows: rows, inputs: inputs, rate: 0.05, copies: 1)
    return Self.crossing(dense: dense, low: Self.time(sparse), half: sparseHalf, floor: 0.02)
  }

  /// The union rate where the grouped and the dense product take the same time on this layer (8 tokens × T
  /// rows, each token's T rows alike), clamped to [0, 1.01].
  public func calibrateGrouped(tokens: Int = 8) -> Double {
    let rows = tokens * timeSteps
    let input = UnsafeMutablePointer<Float>.allocate(capacity: rows * inputs)
    let output = UnsafeMutablePointer<Float>.allocate(capacity: rows * outputs)
    defer { input.deallocate(); output.deallocate() }
    Self.fill(input, rows: tokens, inputs: inputs, rate: 0.5, copies: timeSteps)
    let dense = Self.time { self.dense(input, lda: inputs, rows: rows, into: output, ldy: outputs, accumulate: false) }
    let grouped = {
      _ = smr_spike_gemm_grouped(input, self.inputs, rows, self.inputs, self.transposed, self.outputs, self.bias, output,
        self.outputs, Int32(SMR_BIAS), self.scratch, self.timeSteps)
    }
    let groupedHalf = Self.time(grouped)
    Self.fill(input, rows: tokens, inputs: inputs, rate: 0.05, copies: timeSteps)
    return Self.crossing(dense: dense, low: Self.time(grouped), half: groupedHalf, floor: 0)
  }

  /// Where an event-driven time about linear in the rate, `t(r) = t(0.05) + (r − 0.05)·slope`, meets `dense`.
  private static func crossing(dense: Double, low: Double, half: Double, floor: Double) -> Double {
    let slope = max((half - low) / 0.45, 1e-9)
    return min(max(0.05 + (dense - low) / slope, floor), 1.01)
  }

  /// The best of 5 timings of 4 calls, after one call, in nanoseconds.
  private static func time(_ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<4 { body() }
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
    }
    return best
  }

  /// Seeded spikes at `rate` for `rows` rows, repeated `copies` times one after another (a `(copies, rows, in)` input
  /// whose rows `t·rows + b` are alike).
  private static func fill(_ input: UnsafeMutablePointer<Float>, rows: Int, inputs: Int, rate: Double, copies: Int) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<(rows * inputs) {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      input[i] = Double(state >> 11) * 0x1p-53 < rate ? 1 : 0
    }
    for copy in 1..<max(copies, 1) { (input + copy * rows * inputs).update(from: input, count: rows * inputs) }
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
    if let split {
      return split.run { part, column in part.rateCoded(plan, first: first, rows: rows, into: y + column, ldy: ldy, ldt: ldt) }
    }
    let groups = plan.groups
    let ran = smr_rate_gemm(plan.indices + first * inputs, plan.counts + 2 * first, plan.values + first * plan.steps * plan.rowStride,
      plan.stepIndices + first * groups * plan.rowStride, plan.stepCounts + 2 * first * groups, rows, inputs, plan.steps,
      plan.sharpness, transposedWeight, columnSums, outputs, bias, y, ldy, ldt, Int32(SMR_PATH_BEST))
    precondition(ran >= 0, "the rate-coded product could not allocate its scratch")
  }
}
