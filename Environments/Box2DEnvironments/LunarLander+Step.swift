import CBox2D
import Foundation
public import RLCore

extension LunarLander {
  static let mainEnginePower = 13.0
  static let sideEnginePower = 0.6
  static let mainEngineY = 4.0
  static let sideEngineAway = 12.0
  static let sideEngineHeight = 14.0

  /// The allocation-free step: wind, engines, physics, observation, shaping reward, endings.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    let (main, lateral) = try engineCommands(action)
    guard let bodies else { throw .resetNeeded(environment: name) }
    let lander = bodies.lander
    applyWind(bodies)
    let pose = BodyState(lander)
    let tip = (sin(Double(pose.angle)), cos(Double(pose.angle)))
    let side = (-tip.1, tip.0)
    let dispersion = generator.drawing(seed: nil) { rng in
      (rng.uniform(-1, 1) / LunarLanderWorld.scale, rng.uniform(-1, 1) / LunarLanderWorld.scale)
    }
    var mainPower = 0.0
    if let main {
      mainPower = main
      let ox = tip.0 * (Self.mainEngineY / LunarLanderWorld.scale + 2 * dispersion.0) + side.0 * dispersion.1
      let oy = -tip.1 * (Self.mainEngineY / LunarLanderWorld.scale + 2 * dispersion.0) - side.1 * dispersion.1
      cb2_body_apply_linear_impulse(
        lander, Float(-ox * Self.mainEnginePower * mainPower), Float(-oy * Self.mainEnginePower * mainPower),
        Float(Double(pose.x) + ox), Float(Double(pose.y) + oy), 1)
    }
    var sidePower = 0.0
    if let (direction, power) = lateral {
      sidePower = power
      let lever = 3 * dispersion.1 + direction * Self.sideEngineAway / LunarLanderWorld.scale
      let ox = tip.0 * dispersion.0 + side.0 * lever
      let oy = -tip.1 * dispersion.0 - side.1 * lever
      cb2_body_apply_linear_impulse(
        lander, Float(-ox * Self.sideEnginePower * sidePower), Float(-oy * Self.sideEnginePower * sidePower),
        Float(Double(pose.x) + ox - tip.0 * 17 / LunarLanderWorld.scale),
        Float(Double(pose.y) + oy + tip.1 * Self.sideEngineHeight / LunarLanderWorld.scale), 1)
    }
    bodies.world.step()
    let state = observe(bodies)
    for index in 0..<8 { observation[index] = Float(state[index]) }
    return finish(state: state, mainPower: mainPower, sidePower: sidePower, lander: lander)
  }

  /// Main-engine power (nil when off) and lateral (direction, power) (nil when off) for an action.
  private func engineCommands(_ action: Action) throws(EnvironmentError) -> (Double?, (Double, Double)?) {
    if !configuration.continuous {
      let value = try ActionValidation.discrete(action, count: 4, environment: name)
      return (value == 2 ? 1.0 : nil, value == 1 || value == 3 ? (Double(value - 2), 1.0) : nil)
    }
    try actionSpace.validate(action, environment: name)
    guard case .continuous(let values) = action else { return (nil, nil) }
    let main = Double(min(max(values[0], -1), 1))
    let lateral = Double(min(max(values[1], -1), 1))
    let mainPower = main > 0 ? (min(max(main, 0), 1) + 1) * 0.5 : nil
    let sidePower = abs(lateral) > 0.5 ? ((lateral > 0 ? 1.0 : -1.0), min(max(abs(lateral), 0.5), 1)) : nil
    return (mainPower, sidePower)
  }

  private mutating func applyWind(_ bodies: LunarLanderWorld) {
    guard configuration.enableWind,
      cb2_body_in_contact(bodies.legs[0]) == 0 && cb2_body_in_contact(bodies.legs[1]) == 0
    else { return }
    let wind = tanh(sin(0.02 * Double(windIndex)) + sin(Double.pi * 0.01 * Double(windIndex))) * configuration.windPower
    windIndex += 1
    cb2_body_apply_force_to_center(bodies.lander, Float(wind), 0, 1)
    let torque =
      tanh(sin(0.02 * Double(torqueIndex)) + sin(Double.pi * 0.01 * Double(torqueIndex)))
      * configuration.turbulencePower
    torqueIndex += 1
    cb2_body_apply_torque(bodies.lander, Float(torque), 1)
  }

  /// Gymnasium's observation, in Float64 from Box2D's Float32 values.
  private func observe(_ bodies: LunarLanderWorld) -> [Double] {
    let pose = BodyState(bodies.lander)
    let halfWidth = LunarLanderWorld.width / 2
    let halfHeight = LunarLanderWorld.height / 2
    return [
      (Double(pose.x) - halfWidth) / halfWidth,
      (Double(pose.y) - (bodies.helipadY + LunarLanderWorld.legDown / LunarLanderWorld.scale)) / halfHeight,
      Double(pose.vx) * halfWidth / LunarLanderWorld.fps,
      Double(pose.vy) * halfHeight / LunarLanderWorld.fps,
      Double(pose.angle),
      20.0 * Double(pose.angularVelocity) / LunarLanderWorld.fps,
      cb2_body_in_contact(bodies.legs[0]) != 0 ? 1 : 0,
      cb2_body_in_contact(bodies.legs[1]) != 0 ? 1 : 0,
    ]
  }

  /// Shaping reward, fuel costs and the crash / out-of-bounds / at-rest endings (which overwrite it).
  private mutating func finish(state s: [Double], mainPower: Double, sidePower: Double, lander: OpaquePointer)
    -> Transition
  {
    let shaping =
      -100 * (s[0] * s[0] + s[1] * s[1]).squareRoot() - 100 * (s[2] * s[2] + s[3] * s[3]).squareRoot()
      - 100 * abs(s[4]) + 10 * s[6] + 10 * s[7]
    var reward = previousShaping.map { shaping - $0 } ?? 0
    previousShaping = shaping
    reward -= mainPower * 0.30
    reward -= sidePower * 0.03
    if cb2_body_contact_began(lander) != 0 { gameOver = true }
    var terminated = false
    if gameOver || abs(s[0]) >= 1.0 {
      terminated = true
      reward = -100
    }
    if cb2_body_is_awake(lander) == 0 {
      terminated = true
      reward = 100
    }
    return Transition(reward: reward, terminated: terminated)
  }
}
