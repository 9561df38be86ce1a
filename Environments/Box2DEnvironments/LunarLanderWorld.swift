import CBox2D
import Foundation
import RLCore

/// The bodies of one LunarLander episode: terrain, lander, legs (Gymnasium's reset, steps 1–6).
struct LunarLanderWorld: @unchecked Sendable {
  // Gymnasium's constants; arithmetic on them is Float64 (Python floats), rounded to Float32 where
  // Box2D receives the value.
  static let fps = 50.0
  static let scale = 30.0
  static let width = 600.0 / scale
  static let height = 400.0 / scale
  static let legAway = 20.0
  static let legDown = 18.0
  static let chunks = 11
  static let landerPolygon: [(Double, Double)] = [(-14, 17), (-17, 0), (-17, -10), (17, -10), (17, 0), (14, 17)]

  let world: PhysicsWorld
  let lander: OpaquePointer
  private(set) var legs: [OpaquePointer] = []
  /// The pad height (`H/4`).
  let helipadY: Double
  /// Terrain vertices `(chunk_x[i], smooth_y[i])`, for rendering.
  let terrain: [(Double, Double)]

  /// Builds the world, drawing from `generator` in Gymnasium's order: 12 terrain heights, then the
  /// two initial force components. (Wind indices are drawn by the caller between lander and legs.)
  init(gravity: Double, generator: inout NumPyGenerator) {
    let (width, height) = (Self.width, Self.height)
    world = PhysicsWorld(gravityX: 0, gravityY: Float(gravity))
    // Terrain: 12 Float64 heights in [0, H/2), smoothed; Box2D receives them as Float32.
    var heights = (0...Self.chunks).map { _ in generator.uniform(0, height / 2) }
    let chunkX = (0..<Self.chunks).map { width / Double(Self.chunks - 1) * Double($0) }
    let helipadY = height / 4
    for index in (Self.chunks / 2 - 2)...(Self.chunks / 2 + 2) { heights[index] = helipadY }
    let smoothY = (0..<Self.chunks).map { index in
      0.33 * (heights[(index - 1 + heights.count) % heights.count] + heights[index] + heights[index + 1])
    }
    let moon = world.makeBody(dynamic: false, x: 0, y: 0)
    cb2_body_add_edge(moon, 0, 0, Float(width), 0, 0, 0.2, 0x0001, 0xFFFF)
    for index in 0..<(Self.chunks - 1) {
      cb2_body_add_edge(
        moon, Float(chunkX[index]), Float(smoothY[index]), Float(chunkX[index + 1]), Float(smoothY[index + 1]),
        0, 0.1, 0x0001, 0xFFFF)
    }
    terrain = Array(zip(chunkX, smoothY))
    self.helipadY = helipadY
    let lander = world.makeBody(dynamic: true, x: Float(width / 2), y: Float(height))
    PhysicsWorld.addPolygon(
      to: lander, Self.landerPolygon, scale: Self.scale, density: 5.0, friction: 0.1, category: 0x0010, mask: 0x0001)
    self.lander = lander
    let forceX = generator.uniform(-1000, 1000)
    let forceY = generator.uniform(-1000, 1000)
    cb2_body_apply_force_to_center(lander, Float(forceX), Float(forceY), 1)
  }

  /// Adds the two legs and their spring-loaded joints (reset step 6).
  mutating func addLegs() {
    var made: [OpaquePointer] = []
    for side in [-1.0, 1.0] {
      let leg = world.makeBody(
        dynamic: true, x: Float(Self.width / 2 - side * Self.legAway / Self.scale), y: Float(Self.height),
        angle: Float(side * 0.05))
      cb2_body_add_box(leg, Float(2 / Self.scale), Float(8 / Self.scale), 1.0, 0.2, 0.0, 0x0020, 0x0001)
      let (lower, upper) = side < 0 ? (0.9 - 0.5, 0.9) : (-0.9, -0.9 + 0.5)
      _ = world.makeRevoluteJoint(
        lander, leg, anchorA: (0, 0), anchorB: (side * Self.legAway / Self.scale, Self.legDown / Self.scale),
        maxMotorTorque: 40, motorSpeed: Float(0.3 * side), limits: (lower, upper))
      made.append(leg)
    }
    legs = made
  }
}
