import CKernels

/// The SNN-DT rate code of a batch of rows, prepared for rate-coded products (`EventDrivenLinear.rateCoded`).
///
/// The code of an input `x` at step `t` of `T` is `code_t(x) = σ(s·(clamp(x, 0, 1)·T − t))` (MODELS.md §3.1,
/// `Variable.rateEncoded`). Every `x ≤ 0` shares the code `code_t(0)` and every `x ≥ 1` the code `code_t(1)`,
/// so a product `W·code_t(x)` needs the sums of `W`'s columns over those two classes once for all `T` steps
/// and a multiply-add per step only for the inputs strictly inside `(0, 1)`:
///
///     W·code_t(x) = code_t(0)·Σ_{x_i ≤ 0} W[:, i] + code_t(1)·Σ_{x_i ≥ 1} W[:, i] + Σ_{0 < x_i < 1} code_t(x_i)·W[:, i]
///
/// The steps go in groups of four: an input of the third class whose code is exactly 1 at every step up to a
/// group's last is summed once into a running sum instead (x·T ≳ t1 + 0.7), and one whose code minus `code_t(0)` is
/// below 2^-24 at every step of the group is dropped (x·T ≲ t0 − 1.6), so that for T = 8 about a third of the
/// multiply-adds go (none for T ≤ 4). The plan holds, per row, the inputs split into the three classes and, per
/// group, the rest's band with its codes and the inputs whose holding ends there (`smr_rate_plan`).
public final class RateCodePlan {
  /// Inputs per row, time steps and the code's sharpness `s`.
  public let width: Int, steps: Int, sharpness: Float
  /// Rows the buffers hold, and rows prepared by the last `prepare`.
  public let capacity: Int
  public private(set) var rows = 0
  let indices: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
  let stepIndices: UnsafeMutablePointer<Int32>, stepCounts: UnsafeMutablePointer<Int32>
  private let scratch: UnsafeMutablePointer<Int32>
  /// Groups of steps per row (`SMR_RATE_GROUP` steps each, the last possibly fewer).
  var groups: Int { (steps + Int(SMR_RATE_GROUP) - 1) / Int(SMR_RATE_GROUP) }
  /// The distance between a row's codes at consecutive steps (`width` rounded up to whole vectors of 16).
  var rowStride: Int { (width + 15) / 16 * 16 }

  /// Allocates a plan.
  /// - Parameters:
  ///   - width: inputs per row (`k`).
  ///   - steps: the time window `T` (1...256).
  ///   - sharpness: the sigmoid's sharpness `s` (10 in the SNN-DT).
  ///   - capacity: the most rows a `prepare` call takes.
  public init(width: Int, steps: Int, sharpness: Float, capacity: Int) {
    precondition(width > 0 && (1...256).contains(steps) && capacity >= 0, "a rate-code plan needs width ≥ 1 and T in 1...256")
    (self.width, self.steps, self.sharpness, self.capacity) = (width, steps, sharpness, capacity)
    indices = .allocate(capacity: max(capacity * width, 1))
    counts = .allocate(capacity: max(2 * capacity, 1))
    values = .allocate(capacity: max(capacity * steps * ((width + 15) / 16 * 16), 1))
    stepIndices = .allocate(capacity: max(capacity * steps * ((width + 15) / 16 * 16), 1))  // groups ≤ steps
    stepCounts = .allocate(capacity: max(2 * capacity * steps, 1))
    scratch = .allocate(capacity: (4 + steps) * (width + 16))
  }

  deinit {
    indices.deallocate()
    counts.deallocate()
    values.deallocate()
    stepIndices.deallocate()
    stepCounts.deallocate()
    scratch.deallocate()
  }

  /// Splits `rows` rows of `x (rows × width)` into the three classes and stores, per row and group of steps, the
  /// band of the inputs inside (0, 1) with their codes minus the code of 0, and the inputs whose holding ends there
  /// (`smr_rate_plan`).
  public func prepare(_ x: UnsafePointer<Float>, rows: Int) {
    precondition(rows <= capacity, "the plan holds \(capacity) rows, \(rows) given")
    self.rows = rows
    smr_rate_plan(x, rows, width, steps, sharpness, indices, counts, values, stepIndices, stepCounts, scratch)
  }
}
