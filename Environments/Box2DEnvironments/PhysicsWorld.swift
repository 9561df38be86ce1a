import CBox2D

/// Owns one Box2D world behind the C API; destroys it (and its bodies and joints) on deinit.
///
/// Box2D objects stay in C++: Swift holds opaque pointers only, so a `b2World` is never copied.
/// Environments that hold a `PhysicsWorld` share it when copied — build a new environment instead.
final class PhysicsWorld: @unchecked Sendable {
  let handle: OpaquePointer

  /// A world with the given gravity.
  init(gravityX: Float, gravityY: Float) {
    handle = cb2_world_create(gravityX, gravityY)
  }

  deinit { cb2_world_destroy(handle) }

  /// Steps with Gymnasium's Box2D settings: 1/50 s, 180 velocity and 60 position iterations.
  func step(dt: Float = 1.0 / 50, velocityIterations: Int32 = 180, positionIterations: Int32 = 60) {
    cb2_world_step(handle, dt, velocityIterations, positionIterations)
  }

  /// Creates a body.
  func makeBody(dynamic: Bool, x: Float, y: Float, angle: Float = 0) -> OpaquePointer {
    cb2_body_create(handle, Int32(dynamic ? CB2_DYNAMIC : CB2_STATIC), x, y, angle)
  }

  /// The fraction along p1→p2 of the closest fixture with a category in `mask` (1 if none).
  func rayCast(from start: (Float, Float), to end: (Float, Float), mask: UInt16) -> Float {
    cb2_world_ray_cast(handle, start.0, start.1, end.0, end.1, mask)
  }
}

/// Reads a body's pose and velocities.
struct BodyState {
  let x: Float, y: Float, angle: Float, vx: Float, vy: Float, angularVelocity: Float

  init(_ body: OpaquePointer) {
    var values = [Float](repeating: 0, count: 6)
    values.withUnsafeMutableBufferPointer { cb2_body_get_state(body, $0.baseAddress) }
    (x, y, angle, vx, vy, angularVelocity) = (values[0], values[1], values[2], values[3], values[4], values[5])
  }
}

extension PhysicsWorld {
  /// Adds a convex polygon fixture given in Float64 coordinates divided by `scale`.
  static func addPolygon(
    to body: OpaquePointer, _ polygon: [(Double, Double)], scale: Double = 1, density: Float, friction: Float,
    category: UInt16 = 0x0001, mask: UInt16 = 0xFFFF
  ) {
    let vertices = polygon.flatMap { [Float($0.0 / scale), Float($0.1 / scale)] }
    vertices.withUnsafeBufferPointer {
      cb2_body_add_polygon(body, $0.baseAddress, Int32(polygon.count), density, friction, 0, category, mask)
    }
  }
}

extension PhysicsWorld {
  /// A motorised revolute joint with limits, its reference angle set as pybox2d's
  /// `revoluteJointDef(bodyA:, bodyB:)` sets it: `angle(B) − angle(A)` at creation.
  func makeRevoluteJoint(
    _ bodyA: OpaquePointer, _ bodyB: OpaquePointer, anchorA: (Double, Double), anchorB: (Double, Double),
    maxMotorTorque: Float, motorSpeed: Float, limits: (Double, Double)
  ) -> OpaquePointer {
    let reference = BodyState(bodyB).angle - BodyState(bodyA).angle
    return cb2_revolute_joint_create(
      handle, bodyA, bodyB, Float(anchorA.0), Float(anchorA.1), Float(anchorB.0), Float(anchorB.1), reference, 1,
      maxMotorTorque, motorSpeed, 1, Float(limits.0), Float(limits.1))
  }
}
