import CBox2D
import Foundation
public import RLCore

extension BipedalWalker {
  static let motorsTorque: Float = 80
  static let speedHip: Float = 4
  static let speedKnee: Float = 6
  static let lidarRange = 160.0 / 30

  /// The allocation-free step: motors, physics, lidar, observation, reward, endings.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    try actionSpace.validate(action, environment: name)
    guard case .continuous(let a) = action else { throw .resetNeeded(environment: name) }
    guard let bodies else { throw .resetNeeded(environment: name) }
    for (index, joint) in bodies.joints.enumerated() {
      let speed = index % 2 == 0 ? Self.speedHip : Self.speedKnee
      let direction: Float = a[index] > 0 ? 1 : a[index] < 0 ? -1 : 0
      cb2_revolute_joint_set_motor(joint, speed * direction, Self.motorsTorque * min(max(abs(a[index]), 0), 1))
    }
    bodies.world.step()
    let state = observe(bodies)
    for index in 0..<24 { observation[index] = Float(state[index]) }
    return finish(bodies: bodies, state: state, action: a)
  }

  /// Gymnasium's 24 observation values (Float64 from Box2D's Float32).
  private func observe(_ bodies: BipedalWalkerBodies) -> [Double] {
    let hull = BodyState(bodies.hull)
    let joints = bodies.joints
    func angle(_ index: Int) -> Double { Double(cb2_revolute_joint_angle(joints[index])) }
    func speed(_ index: Int) -> Double { Double(cb2_revolute_joint_speed(joints[index])) }
    var state: [Double] = [
      Double(hull.angle), 2.0 * Double(hull.angularVelocity) / 50, 0.3 * Double(hull.vx) * (600.0 / 30) / 50,
      0.3 * Double(hull.vy) * (400.0 / 30) / 50, angle(0), speed(0) / 4, angle(1) + 1.0, speed(1) / 6,
      cb2_body_in_contact(bodies.legs[1]) != 0 ? 1 : 0, angle(2), speed(2) / 4, angle(3) + 1.0, speed(3) / 6,
      cb2_body_in_contact(bodies.legs[3]) != 0 ? 1 : 0,
    ]
    for ray in 0..<10 {
      let end = (
        Double(hull.x) + sin(1.5 * Double(ray) / 10.0) * Self.lidarRange,
        Double(hull.y) - cos(1.5 * Double(ray) / 10.0) * Self.lidarRange
      )
      state.append(Double(bodies.world.rayCast(from: (hull.x, hull.y), to: (Float(end.0), Float(end.1)), mask: 0x0001)))
    }
    return state
  }

  /// Progress shaping, Float32 motor costs, fall and finish endings.
  private mutating func finish(bodies: BipedalWalkerBodies, state: [Double], action a: [Float]) -> Transition {
    let x = Double(BodyState(bodies.hull).x)
    let shaping = 130 * x / 30 - 5.0 * abs(state[0])
    var reward = previousShaping.map { shaping - $0 } ?? 0
    previousShaping = shaping
    // NumPy 2: a Python float minus an np.float32 motor cost is a Float32 subtraction.
    var reward32 = Float(reward)
    for value in a { reward32 = reward32 - Float(0.00035 * 80) * min(max(abs(value), 0), 1) }
    reward = Double(reward32)
    if cb2_body_contact_began(bodies.hull) != 0 { gameOver = true }
    var terminated = false
    if gameOver || x < 0 {
      reward = -100
      terminated = true
    }
    if x > Double(BipedalWalkerTerrain.length - BipedalWalkerTerrain.grass) * BipedalWalkerTerrain.step {
      terminated = true
    }
    return Transition(reward: reward, terminated: terminated)
  }
}
