import CBox2D
import RLCore

/// BipedalWalker's terrain: 200 points of grass, and in hardcore mode stumps, stairs and pits, built
/// as static Box2D bodies (Gymnasium's `_generate_terrain`, same draws in the same order).
struct BipedalWalkerTerrain {
  static let step = 14.0 / 30.0
  static let length = 200
  static let height = 400.0 / 30.0 / 4
  static let grass = 10
  static let startPad = 20
  static let friction: Float = 2.5

  private enum State: Int { case grass = 0, stump, stairs, pit }

  /// The terrain line's x and y coordinates.
  private(set) var xs: [Double] = []
  private(set) var ys: [Double] = []
  /// Obstacle polygons (for rendering).
  private(set) var obstacles: [[(Double, Double)]] = []

  /// Generates the terrain in `world`, drawing from `generator`.
  init(world: PhysicsWorld, hardcore: Bool, generator: inout NumPyGenerator) {
    var state = State.grass
    var velocity = 0.0
    var y = Self.height
    var counter = Self.startPad
    var oneshot = false
    var stairSteps = 0, stairWidth = 0, stairHeight = 0
    var originalY = 0.0
    let step = Self.step
    for i in 0..<Self.length {
      let x = Double(i) * step
      xs.append(x)
      switch (state, oneshot) {
      case (.grass, false):
        velocity = 0.8 * velocity + 0.01 * Self.sign(Self.height - y)
        if i > Self.startPad { velocity += generator.uniform(-1, 1) / 30 }
        y += velocity
      case (.pit, true):
        counter = Int(generator.integers(3, 5))
        let poly = [(x, y), (x + step, y), (x + step, y - 4 * step), (x, y - 4 * step)]
        addObstacle(world, poly)
        addObstacle(world, poly.map { ($0.0 + step * Double(counter), $0.1) })
        counter += 2
        originalY = y
      case (.pit, false):
        y = originalY
        if counter > 1 { y -= 4 * step }
      case (.stump, true):
        counter = Int(generator.integers(1, 3))
        let side = Double(counter) * step
        addObstacle(world, [(x, y), (x + side, y), (x + side, y + side), (x, y + side)])
      case (.stairs, true):
        stairHeight = generator.random() > 0.5 ? 1 : -1
        stairWidth = Int(generator.integers(4, 5))
        stairSteps = Int(generator.integers(3, 5))
        originalY = y
        for s in 0..<stairSteps {
          let (left, right) = (x + Double(s * stairWidth) * step, x + Double((1 + s) * stairWidth) * step)
          let (top, bottom) = (y + Double(s * stairHeight) * step, y + Double(-1 + s * stairHeight) * step)
          addObstacle(world, [(left, top), (right, top), (right, bottom), (left, bottom)])
        }
        counter = stairSteps * stairWidth
      case (.stairs, false):
        let s = stairSteps * stairWidth - counter - stairHeight
        let n = Double(s) / Double(stairWidth)
        y = originalY + (n * Double(stairHeight)) * step
      case (.grass, true), (.stump, false):
        break
      }
      oneshot = false
      ys.append(y)
      counter -= 1
      if counter == 0 {
        counter = Int(generator.integers(Int64(Self.grass / 2), Int64(Self.grass)))
        if state == .grass && hardcore {
          state = State(rawValue: Int(generator.integers(1, 4))) ?? .grass
        } else {
          state = .grass
        }
        oneshot = true
      }
    }
    for i in 0..<(Self.length - 1) {
      let body = world.makeBody(dynamic: false, x: 0, y: 0)
      cb2_body_add_edge(body, Float(xs[i]), Float(ys[i]), Float(xs[i + 1]), Float(ys[i + 1]), 0, Self.friction, 0x0001, 0xFFFF)
    }
  }

  private mutating func addObstacle(_ world: PhysicsWorld, _ polygon: [(Double, Double)]) {
    PhysicsWorld.addPolygon(to: world.makeBody(dynamic: false, x: 0, y: 0), polygon, density: 0, friction: Self.friction)
    obstacles.append(polygon)
  }

  /// `np.sign`.
  private static func sign(_ value: Double) -> Double { value > 0 ? 1 : value < 0 ? -1 : 0 }

  /// Gymnasium's cosmetic clouds: they draw nothing visible here but consume the same 110 numbers.
  static func drawClouds(_ generator: inout NumPyGenerator) {
    for _ in 0..<(length / 20) {
      _ = generator.uniform(0, Double(length))
      for _ in 0..<5 {
        _ = generator.uniform(0, 5 * step)
        _ = generator.uniform(0, 5 * step)
      }
    }
  }
}
