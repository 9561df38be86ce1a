import Foundation
public import RLCore

extension BodyState {
  var position: SIMD2<Double> { [Double(x), Double(y)] }
}

extension LunarLander {
  /// Sky, moon surface, pad flags, lander hull and legs (Gymnasium's colours).
  public var scene: Scene? {
    guard let bodies else { return nil }
    let width = LunarLanderWorld.width
    let height = LunarLanderWorld.height
    let ground = bodies.terrain.map { SIMD2($0.0, $0.1) }
    var shapes: [Scene.Shape] = [.polygon(points: ground + [[width, 0], [0, 0]], fill: "#ffffff", stroke: "#000000")]
    for flagX in [width / 10 * 4, width / 10 * 6] {
      let base = SIMD2(flagX, bodies.helipadY)
      shapes.append(.line(from: base, to: base + [0, 50 / 30], width: 0.03, color: "#ffffff"))
      shapes.append(.polygon(points: [base + [0, 50 / 30], base + [0, 40 / 30], base + [25 / 30, 45 / 30]], fill: "#cccc00", stroke: nil))
    }
    let hull = LunarLanderWorld.landerPolygon.map { SIMD2($0.0 / 30, $0.1 / 30) }
    let lander = BodyState(bodies.lander)
    shapes.append(.polygon(points: Scene.placed(hull, at: lander.position, angle: Double(lander.angle)), fill: "#8066e6", stroke: "#4d4d80"))
    let leg: [SIMD2<Double>] = [[-2 / 30, -8 / 30], [2 / 30, -8 / 30], [2 / 30, 8 / 30], [-2 / 30, 8 / 30]]
    for body in bodies.legs {
      let pose = BodyState(body)
      shapes.append(.polygon(points: Scene.placed(leg, at: pose.position, angle: Double(pose.angle)), fill: "#8066e6", stroke: "#4d4d80"))
    }
    return Scene(minimum: [0, 0], maximum: [width, height], background: "#000000", shapes: shapes)
  }
}

extension BipedalWalker {
  /// Terrain and obstacles around the walker, hull and legs; the view scrolls with the hull.
  public var scene: Scene? {
    guard let bodies else { return nil }
    let hull = BodyState(bodies.hull)
    let left = Double(hull.x) - 600.0 / 30 / 5
    let terrain = bodies.terrain
    var shapes: [Scene.Shape] = []
    for index in 0..<(terrain.xs.count - 1) where terrain.xs[index + 1] >= left && terrain.xs[index] <= left + 20 {
      let (a, b) = (SIMD2(terrain.xs[index], terrain.ys[index]), SIMD2(terrain.xs[index + 1], terrain.ys[index + 1]))
      shapes.append(.polygon(points: [a, b, [b.x, 0], [a.x, 0]], fill: index % 2 == 0 ? "#4cff4c" : "#4ccc4c", stroke: nil))
    }
    for obstacle in terrain.obstacles {
      shapes.append(.polygon(points: obstacle.map { SIMD2($0.0, $0.1) }, fill: "#ffffff", stroke: "#999999"))
    }
    let parts: [(OpaquePointer, Double)] = zip(bodies.legs, [1.0, 0.8, 1.0, 0.8]).map { ($0, $1) }
    for (index, (body, widthFactor)) in parts.enumerated() {
      let pose = BodyState(body)
      let (w, h) = (widthFactor * BipedalWalkerBodies.legWidth / 2, BipedalWalkerBodies.legHeight / 2)
      let box: [SIMD2<Double>] = [[-w, -h], [w, -h], [w, h], [-w, h]]
      let color = index < 2 ? "#b34d80" : "#e680b3"
      shapes.append(.polygon(points: Scene.placed(box, at: pose.position, angle: Double(pose.angle)), fill: color, stroke: "#4d4d80"))
    }
    let polygon = BipedalWalkerBodies.hullPolygon.map { SIMD2($0.0 / 30, $0.1 / 30) }
    shapes.append(.polygon(points: Scene.placed(polygon, at: hull.position, angle: Double(hull.angle)), fill: "#8066e6", stroke: "#4d4d80"))
    return Scene(minimum: [left, 0], maximum: [left + 20, 400.0 / 30], background: "#e6e6ff", shapes: shapes)
  }
}
