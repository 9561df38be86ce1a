import Foundation
public import RLCore

extension CartPole {
  /// The cart on its track and the pole (Gymnasium's proportions: cart 0.4 × 0.24, pole length 1).
  public var scene: Scene? {
    let cart: [SIMD2<Double>] = [[-0.2, -0.12], [0.2, -0.12], [0.2, 0.12], [-0.2, 0.12]]
    let top = SIMD2(x + sin(theta) * 2 * Self.length, 0.12 + cos(theta) * 2 * Self.length)
    return Scene(
      minimum: [-2.4, -0.6], maximum: [2.4, 1.6],
      shapes: [
        .line(from: [-2.4, -0.12], to: [2.4, -0.12], width: 0.01, color: "#000000"),
        .polygon(points: Scene.placed(cart, at: [x, 0], angle: 0), fill: "#000000", stroke: nil),
        .line(from: [x, 0.12], to: top, width: 0.08, color: "#ca9865"),
        .circle(center: [x, 0.12], radius: 0.04, fill: "#8184cb"),
      ])
  }
}

extension MountainCar {
  /// The hill `0.45 sin(3x) + 0.55`, the goal flag and the car.
  public var scene: Scene? { MountainScene.scene(position: car.position, goal: Self.goalPosition) }
}

extension MountainCarContinuous {
  /// The hill, the goal flag and the car.
  public var scene: Scene? { MountainScene.scene(position: car.position, goal: Self.goalPosition) }
}

/// The picture both MountainCars share.
enum MountainScene {
  static func height(_ x: Double) -> Double { 0.45 * sin(3 * x) + 0.55 }

  static func scene(position: Double, goal: Double) -> Scene {
    let hill = stride(from: -1.2, through: 0.6, by: 0.02).map { SIMD2($0, height($0)) }
    let slope = atan(1.35 * cos(3 * position))
    let body: [SIMD2<Double>] = [[-0.05, 0.01], [0.05, 0.01], [0.05, 0.05], [-0.05, 0.05]]
    return Scene(
      minimum: [-1.2, 0], maximum: [0.6, 1.2],
      shapes: [
        .polygon(points: hill + [[0.6, 0], [-1.2, 0]], fill: "#dddddd", stroke: "#000000"),
        .line(from: [goal, height(goal)], to: [goal, height(goal) + 0.1], width: 0.005, color: "#000000"),
        .polygon(
          points: [[goal, height(goal) + 0.1], [goal, height(goal) + 0.08], [goal + 0.05, height(goal) + 0.09]],
          fill: "#cccc00", stroke: nil),
        .polygon(points: Scene.placed(body, at: [position, height(position)], angle: slope), fill: "#000000", stroke: nil),
      ])
  }
}

extension Pendulum {
  /// The rod drawn at `θ + π/2` from the x axis (θ = 0 is upright).
  public var scene: Scene? {
    let tip = SIMD2(-sin(theta), cos(theta))
    return Scene(
      minimum: [-2.2, -2.2], maximum: [2.2, 2.2],
      shapes: [.line(from: [0, 0], to: tip, width: 0.2, color: "#cc4c4c"), .circle(center: [0, 0], radius: 0.05, fill: "#000000")])
  }
}

extension Acrobot {
  /// Both links hanging from the pivot and the target line one link length above it.
  public var scene: Scene? {
    let state = self.state
    let p1 = SIMD2(sin(state[0]), -cos(state[0]))
    let p2 = p1 + SIMD2(sin(state[0] + state[1]), -cos(state[0] + state[1]))
    return Scene(
      minimum: [-2.2, -2.2], maximum: [2.2, 2.2],
      shapes: [
        .line(from: [-2.2, 1], to: [2.2, 1], width: 0.01, color: "#000000"),
        .line(from: [0, 0], to: p1, width: 0.1, color: "#00cccc"), .line(from: p1, to: p2, width: 0.1, color: "#00cccc"),
        .circle(center: [0, 0], radius: 0.05, fill: "#cccc00"), .circle(center: p1, radius: 0.05, fill: "#cccc00"),
      ])
  }
}
