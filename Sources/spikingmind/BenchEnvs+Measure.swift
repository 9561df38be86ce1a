import Foundation
import RLCore

extension BenchEnvs {
  /// Pre-samples `count` actions from a seeded copy of the action space.
  static func presampledActions(_ space: Space, count: Int, seed: UInt64) -> [Action] {
    var space = space
    space.seed(seed)
    return (0..<count).map { _ in space.sample() }
  }

  /// Single-environment steps per second in `raw` or `make` mode.
  func measureSingle(registry: EnvironmentRegistry, spec: EnvironmentSpec, mode: String) throws -> BenchResult {
    var environment =
      mode == "raw" ? try spec.makeEnvironment(spec.defaultOptions) : try registry.make(spec.id)
    let actions = Self.presampledActions(environment.actionSpace, count: 4096, seed: 1)
    let limit = mode == "raw" ? (spec.maxEpisodeSteps ?? Int.max) : Int.max
    // Raw mode on a Box space steps with raw values (`step(continuous:writingObservationInto:)`).
    var width = 0
    var continuousValues: [Float]? = nil
    if mode == "raw", case .box(let box) = environment.actionSpace {
      width = box.count
      continuousValues = actions.flatMap { action -> [Float] in
        if case .continuous(let values) = action { return values }
        return []
      }
    }
    _ = try environment.reset(seed: 0)
    var rates: [Double] = []
    var elapsed = 0
    var observation = [Float](repeating: 0, count: environment.observationSpace.count)
    for _ in 0..<reps {
      rates.append(try Self.timed(seconds: seconds) { (chunk: Int) throws(EnvironmentError) in
        try observation.withUnsafeMutableBufferPointer { (buffer) throws(EnvironmentError) in
          if let values = continuousValues {
            try Self.stepChunk(
              &environment, values: values, width: width, chunk: chunk, limit: limit, elapsed: &elapsed,
              observation: buffer)
          } else {
            try Self.stepChunk(
              &environment, actions: actions, chunk: chunk, limit: limit, elapsed: &elapsed, observation: buffer)
          }
        }
      })
    }
    return Self.result(env: spec.id, mode: mode, copies: 1, threads: 1, rates: rates)
  }

  /// Vectorised steps per second (copies × calls per second).
  func measureVector(
    registry: EnvironmentRegistry, spec: EnvironmentSpec, count: Int, threads: Int
  ) throws -> BenchResult {
    var vector = try VectorEnvironment(spec: spec, count: count, threads: threads)
    let single = Self.presampledActions(vector.copies[0].actionSpace, count: 1024 + count, seed: 1)
    let batches = (0..<64).map { offset in Array(single[(offset * 16)..<(offset * 16 + count)]) }
    _ = try vector.reset(seed: 0)
    var rates: [Double] = []
    var result = VectorStep(count: count, observationCount: vector.observationCount)
    for _ in 0..<reps {
      let callsPerSecond = try Self.timed(seconds: seconds) { (chunk: Int) throws(EnvironmentError) in
        for call in 0..<chunk { try vector.step(batches[call % batches.count], into: &result) }
      }
      rates.append(callsPerSecond * Double(count))
    }
    return Self.result(env: spec.id, mode: "vector", copies: count, threads: threads, rates: rates)
  }

  /// Steps `chunk` times; generic so the existential is opened once per chunk, not once per step.
  private static func stepChunk<E: Environment>(
    _ environment: inout E, actions: [Action], chunk: Int, limit: Int, elapsed: inout Int,
    observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) {
    // Borrow the pre-sampled actions through a buffer pointer: no reference counting per step.
    try actions.withUnsafeBufferPointer { (actions) throws(EnvironmentError) in
      for index in 0..<chunk {
        let step = try environment.step(actions[index & 4095], writingObservationInto: observation)
        elapsed += 1
        if step.isDone || elapsed >= limit {
          _ = try environment.reset(seed: nil)
          elapsed = 0
        }
      }
    }
  }

  /// Steps `chunk` times with pre-sampled raw continuous values (`width` per action).
  private static func stepChunk<E: Environment>(
    _ environment: inout E, values: [Float], width: Int, chunk: Int, limit: Int, elapsed: inout Int,
    observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) {
    try values.withUnsafeBufferPointer { (values) throws(EnvironmentError) in
      guard let base = values.baseAddress else { return }
      for index in 0..<chunk {
        let action = UnsafeBufferPointer(start: base + (index & 4095) * width, count: width)
        let step = try environment.step(continuous: action, writingObservationInto: observation)
        elapsed += 1
        if step.isDone || elapsed >= limit {
          _ = try environment.reset(seed: nil)
          elapsed = 0
        }
      }
    }
  }

  /// Runs `body(chunk)` repeatedly for `seconds`; returns chunk items per second.
  private static func timed(
    seconds: Double, _ body: (Int) throws(EnvironmentError) -> Void
  ) throws(EnvironmentError) -> Double {
    let chunk = 1000
    let clock = ContinuousClock()
    let start = clock.now
    var items = 0
    var elapsed = 0.0
    repeat {
      try body(chunk)
      items += chunk
      let duration = clock.now - start
      elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    } while elapsed < seconds
    return Double(items) / elapsed
  }

  private static func result(env: String, mode: String, copies: Int, threads: Int, rates: [Double]) -> BenchResult {
    let sorted = rates.sorted()
    return BenchResult(
      env: env, mode: mode, copies: copies, threads: threads, stepsPerSecond: sorted[sorted.count / 2],
      minimum: sorted.first ?? 0, maximum: sorted.last ?? 0, reps: rates.count)
  }
}
