import CKernels

/// The seeded source of dropout masks (owned by the caller, no global state).
///
/// Each dropout call takes one 64-bit key from a SplitMix64 stream; element `i` of that call is dropped
/// when a counter-based hash of `(key, i)` falls below `rate·2³²`. Masks are therefore a pure function of
/// the seed, the call order and the element index: they are recomputed in the backward instead of stored,
/// and identical whichever vector width or thread computes them.
public struct DropoutGenerator: Sendable {
  private var state: UInt64

  /// Creates a generator.
  /// - Parameter seed: the seed.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next key (SplitMix64).
  public mutating func nextKey() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One dropout call's mask: key, threshold and scale.
struct DropoutMask: Sendable {
  let key: UInt64
  let threshold: UInt32
  let scale: Float

  /// A mask dropping with probability `rate` (rounded to a multiple of 2⁻³²), keys from `generator`.
  init(rate: Float, generator: inout DropoutGenerator) {
    key = generator.nextKey()
    threshold = UInt32(clamping: Int((Double(rate) * 4_294_967_296).rounded()))
    scale = 1 / (1 - rate)
  }

  /// `y = residual + mask(x)` (or `mask(x)`), elements `offset..<offset+count` of the mask.
  func apply(
    _ x: UnsafePointer<Float>, residual: UnsafePointer<Float>?, count: Int, offset: Int = 0,
    into y: UnsafeMutablePointer<Float>
  ) {
    smr_dropout(x, residual, count, key, UInt64(offset), threshold, scale, y)
  }

  /// The mask applied to a whole tensor.
  func apply(_ x: Tensor, residual: Tensor? = nil) -> Tensor {
    Tensor.uninitialized(shape: x.shape) { y, count in
      x.withElements { px in
        if let residual {
          residual.withElements { pr in apply(px, residual: pr, count: count, into: y) }
        } else {
          apply(px, residual: nil, count: count, into: y)
        }
      }
    }
  }
}

extension Variable {
  /// Inverted dropout: zeroes each element with probability `rate` and scales the rest by `1/(1 − rate)`.
  /// Backward: the same mask and scale. With `rate == 0` it is the identity.
  /// - Parameters:
  ///   - rate: the drop probability in [0, 1).
  ///   - generator: the caller's seeded generator (advanced by one key).
  public func dropout(rate: Float, generator: inout DropoutGenerator) -> Variable {
    precondition(rate >= 0 && rate < 1, "dropout rate must lie in [0, 1), got \(rate)")
    guard rate > 0 else { return self }
    let mask = DropoutMask(rate: rate, generator: &generator)
    return tape.record(mask.apply(value), parents: [self]) { g in [mask.apply(g)] }
  }

  /// `residual + dropout(self)` as one operation (the residual branch of a transformer block).
  /// Backward: `(mask(g), g)`. With `rate == 0` it is `residual + self`.
  /// - Parameters:
  ///   - residual: added after dropout; same shape as `self`.
  ///   - rate: the drop probability in [0, 1).
  ///   - generator: the caller's seeded generator (advanced by one key when `rate > 0`).
  public func dropout(rate: Float, generator: inout DropoutGenerator, addedTo residual: Variable) -> Variable {
    precondition(rate >= 0 && rate < 1, "dropout rate must lie in [0, 1), got \(rate)")
    precondition(shape == residual.shape, "dropout residual shape \(residual.shape) differs from \(shape)")
    guard rate > 0 else { return residual + self }
    let mask = DropoutMask(rate: rate, generator: &generator)
    return tape.record(mask.apply(value, residual: residual.value), parents: [self, residual]) { g in
      [mask.apply(g), g]
    }
  }
}
