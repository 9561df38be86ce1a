import RLCore

/// The position–velocity state MountainCar-v0 and MountainCarContinuous-v0 share, with their
/// constructor option, state access and reset distribution.
struct CarState: Sendable {
  var position = 0.0
  var velocity = 0.0
  /// Whether `reset` or `set` has given the car a state.
  var isSet = false

  /// `goal_velocity` from constructor options (default 0).
  static func goalVelocity(from options: Options, environment: String) throws(EnvironmentError) -> Double {
    let reader = try OptionReader(options, environment: environment, known: ["goal_velocity"])
    return try reader.double("goal_velocity", default: 0)
  }

  /// `[position, velocity]`.
  var vector: [Double] { [position, velocity] }

  /// Sets `[position, velocity]` exactly.
  mutating func set(_ state: [Double], environment: String) throws(EnvironmentError) {
    guard state.count == 2, state.allSatisfy(\.isFinite) else {
      throw .invalidState(environment: environment, expected: 2, received: state)
    }
    (position, velocity) = (state[0], state[1])
    isSet = true
  }

  /// Position from `uniform(low, high)` (default [−0.6, −0.4]), velocity 0.
  mutating func reset(
    seed: UInt64?, options: Options, generator: inout NumPyGenerator?, environment: String
  ) throws(EnvironmentError) {
    let bounds = try OptionReader(options, environment: environment, known: ["low", "high"])
      .resetBounds(defaultLow: -0.6, defaultHigh: -0.4)
    position = generator.drawing(seed: seed) { $0.uniform(bounds.low, bounds.high) }
    velocity = 0
    isSet = true
  }
}
