import CBox2D
import RLCore

/// The world of one BipedalWalker episode: terrain, hull, legs `[upper−1, lower−1, upper+1, lower+1]`
/// and joints `[hip−1, knee−1, hip+1, knee+1]`.
struct BipedalWalkerBodies: @unchecked Sendable {
  static let legDown = -8.0 / 30
  static let legWidth = 8.0 / 30
  static let legHeight = 34.0 / 30
  static let hullPolygon: [(Double, Double)] = [(-30, 9), (6, 9), (34, 1), (34, -8), (-30, -8)]

  let world: PhysicsWorld
  let terrain: BipedalWalkerTerrain
  let hull: OpaquePointer
  let legs: [OpaquePointer]
  let joints: [OpaquePointer]

  /// Builds everything with Gymnasium's draws: terrain, 110 cloud draws, the hull's initial push.
  init(hardcore: Bool, generator: inout NumPyGenerator) {
    world = PhysicsWorld(gravityX: 0, gravityY: -10)
    terrain = BipedalWalkerTerrain(world: world, hardcore: hardcore, generator: &generator)
    BipedalWalkerTerrain.drawClouds(&generator)
    let initX = BipedalWalkerTerrain.step * Double(BipedalWalkerTerrain.startPad) / 2
    let initY = BipedalWalkerTerrain.height + 2 * Self.legHeight
    let hull = world.makeBody(dynamic: true, x: Float(initX), y: Float(initY))
    PhysicsWorld.addPolygon(
      to: hull, Self.hullPolygon, scale: 30, density: 5.0, friction: 0.1, category: 0x0020, mask: 0x0001)
    self.hull = hull
    cb2_body_apply_force_to_center(hull, Float(generator.uniform(-5, 5)), 0, 1)
    var legs: [OpaquePointer] = []
    var joints: [OpaquePointer] = []
    for side in [-1.0, 1.0] {
      let upper = world.makeBody(
        dynamic: true, x: Float(initX), y: Float(initY - Self.legHeight / 2 - Self.legDown), angle: Float(side * 0.05))
      cb2_body_add_box(upper, Float(Self.legWidth / 2), Float(Self.legHeight / 2), 1.0, 0.2, 0.0, 0x0020, 0x0001)
      joints.append(
        world.makeRevoluteJoint(
          hull, upper, anchorA: (0, Self.legDown), anchorB: (0, Self.legHeight / 2), maxMotorTorque: 80,
          motorSpeed: Float(side), limits: (-0.8, 1.1)))
      legs.append(upper)
      let lower = world.makeBody(
        dynamic: true, x: Float(initX), y: Float(initY - Self.legHeight * 3 / 2 - Self.legDown),
        angle: Float(side * 0.05))
      cb2_body_add_box(lower, Float(0.8 * Self.legWidth / 2), Float(Self.legHeight / 2), 1.0, 0.2, 0.0, 0x0020, 0x0001)
      joints.append(
        world.makeRevoluteJoint(
          upper, lower, anchorA: (0, -Self.legHeight / 2), anchorB: (0, Self.legHeight / 2), maxMotorTorque: 80,
          motorSpeed: 1, limits: (-1.6, -0.1)))
      legs.append(lower)
    }
    self.legs = legs
    self.joints = joints
  }
}
