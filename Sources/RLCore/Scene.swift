import Foundation

/// A picture of an environment's state in world coordinates, for renderers (SVG, images).
///
/// Environments describe what to draw; renderers decide how. Coordinates are world units with y up.
public struct Scene: Sendable, Equatable {
  /// A drawable primitive.
  public enum Shape: Sendable, Equatable {
    /// A closed polygon with a fill colour (CSS colour text) and an optional outline.
    case polygon(points: [SIMD2<Double>], fill: String, stroke: String?)
    /// A line segment of a given width in world units.
    case line(from: SIMD2<Double>, to: SIMD2<Double>, width: Double, color: String)
    /// A filled circle.
    case circle(center: SIMD2<Double>, radius: Double, fill: String)
  }

  /// The visible world rectangle: lower-left and upper-right corners.
  public var minimum: SIMD2<Double>
  /// The upper-right corner of the visible rectangle.
  public var maximum: SIMD2<Double>
  /// The background colour.
  public var background: String
  /// The shapes, drawn in order.
  public var shapes: [Shape]

  /// Creates a scene.
  /// - Parameters:
  ///   - minimum: the visible rectangle's lower-left corner.
  ///   - maximum: its upper-right corner.
  ///   - background: the background colour.
  ///   - shapes: the shapes in drawing order.
  public init(minimum: SIMD2<Double>, maximum: SIMD2<Double>, background: String = "#ffffff", shapes: [Shape] = []) {
    self.minimum = minimum
    self.maximum = maximum
    self.background = background
    self.shapes = shapes
  }

  /// Points of a local polygon placed at `position` rotated by `angle` (radians).
  public static func placed(_ local: [SIMD2<Double>], at position: SIMD2<Double>, angle: Double) -> [SIMD2<Double>] {
    let (c, s) = (cos(angle), sin(angle))
    return local.map { SIMD2(position.x + c * $0.x - s * $0.y, position.y + s * $0.x + c * $0.y) }
  }
}
