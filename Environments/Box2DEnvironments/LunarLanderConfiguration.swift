public import RLCore

/// LunarLander's constructor options (Gymnasium's keyword arguments).
public struct LunarLanderConfiguration: Sendable, Equatable {
  /// Continuous actions `[main, lateral]` in [−1, 1] instead of `Discrete(4)`.
  public var continuous = false
  /// Gravity, in (−12, 0).
  public var gravity = -10.0
  /// Whether wind and turbulence act while no leg touches the ground.
  public var enableWind = false
  /// Wind force magnitude (Gymnasium warns outside [0, 20]).
  public var windPower = 15.0
  /// Turbulence torque magnitude (Gymnasium warns outside [0, 2]).
  public var turbulencePower = 1.5

  /// The defaults (discrete, gravity −10, no wind).
  public init() {}

  /// Reads `continuous`, `gravity`, `enable_wind`, `wind_power`, `turbulence_power`.
  /// - Throws: `EnvironmentError.unknownOption` / `.invalidOption` (gravity outside (−12, 0), a
  ///   negative power).
  public init(options: Options) throws(EnvironmentError) {
    let id = LunarLander.id
    let reader = try OptionReader(
      options, environment: id, known: ["continuous", "gravity", "enable_wind", "wind_power", "turbulence_power"])
    continuous = try reader.bool("continuous", default: false)
    gravity = try reader.double("gravity", default: -10)
    enableWind = try reader.bool("enable_wind", default: false)
    windPower = try reader.double("wind_power", default: 15)
    turbulencePower = try reader.double("turbulence_power", default: 1.5)
    guard gravity > -12, gravity < 0 else {
      throw .invalidOption(environment: id, name: "gravity", reason: "must lie in (-12, 0), got \(gravity)")
    }
    guard windPower >= 0, turbulencePower >= 0 else {
      throw .invalidOption(environment: id, name: "wind_power", reason: "wind and turbulence powers must be >= 0")
    }
  }
}
