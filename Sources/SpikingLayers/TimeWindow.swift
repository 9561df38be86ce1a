import CKernels
public import TensorEngine

/// Moving between the real-valued world `[B, ...]` and the spiking time window `[T, B, ...]`.
extension Variable {
  /// Direct (analog) encoding: `self` repeated `steps` times along a new leading axis, `[T, ...]`.
  /// Backward: the sum of the gradient over T.
  public func repeatedOverTime(_ steps: Int) -> Variable {
    precondition(steps > 0, "the time window needs at least one step")
    let x = value
    let count = x.count
    let output = Tensor.uninitialized(shape: [steps] + x.shape) { y, _ in
      x.withElements { px in for t in 0..<steps { (y + t * count).update(from: px, count: count) } }
    }
    return tape.operation(output, inputs: [self]) { g in
      [Tensor.uninitialized(shape: x.shape) { dx, _ in
        g.withElements { pg in
          dx.update(from: pg, count: count)
          for t in 1..<max(steps, 1) { smr_add(dx, pg + t * count, count, dx) }
        }
      }]
    }
  }

  /// The mean over the leading time axis: `[T, ...] → [...]`. Backward: `g/T` to every step.
  public func meanOverTime() -> Variable { reducedOverTime(scale: 1 / Float(max(shape.first ?? 1, 1)), scaled: true) }

  /// The sum over the leading time axis (spike counts from spikes): `[T, ...] → [...]`. Backward: `g` to every step.
  public func sumOverTime() -> Variable { reducedOverTime(scale: 1, scaled: false) }

  private func reducedOverTime(scale: Float, scaled: Bool) -> Variable {
    let x = value
    precondition(x.rank >= 1 && x.shape[0] > 0, "a reduction over time needs a leading time axis, got \(x.shape)")
    let steps = x.shape[0]
    let count = x.count / steps
    let output = Tensor.uninitialized(shape: Array(x.shape.dropFirst())) { y, _ in
      x.withElements { px in
        y.update(from: px, count: count)
        for t in 1..<steps { smr_add(y, px + t * count, count, y) }
        if scaled { smr_scale(y, scale, count, y) }
      }
    }
    return tape.operation(output, inputs: [self]) { g in
      [Tensor.uninitialized(shape: x.shape) { dx, _ in
        g.withElements { pg in
          if scaled { smr_scale(pg, scale, count, dx) } else { dx.update(from: pg, count: count) }
          for t in 1..<steps { (dx + t * count).update(from: dx, count: count) }
        }
      }]
    }
  }
}
