import RLCore

/// Writes a sequence of scenes as one animated SVG (SMIL `display` animations, looping), viewable in
/// any browser.
enum SVGAnimation {
  /// The SVG document for `frames` played at `fps`, `width` pixels wide.
  static func document(frames: [Scene], fps: Double, width: Double = 600) -> String {
    guard let first = frames.first else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
    let span = first.maximum - first.minimum
    let height = width * span.y / span.x
    let duration = Double(frames.count) / fps
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(format(width))" height="\(format(height))" \
      viewBox="0 0 \(format(width)) \(format(height))">
      <rect width="100%" height="100%" fill="\(first.background)"/>

      """
    for (index, frame) in frames.enumerated() {
      let start = Double(index) / Double(frames.count)
      let end = Double(index + 1) / Double(frames.count)
      svg += "<g display=\"none\">"
      svg += "<animate attributeName=\"display\" values=\"none;inline;none;none\" "
      svg += "keyTimes=\"0;\(format(start));\(format(end));1\" dur=\"\(format(duration))s\" "
      svg += "calcMode=\"discrete\" repeatCount=\"indefinite\"/>"
      svg += "<rect width=\"100%\" height=\"100%\" fill=\"\(frame.background)\"/>"
      for shape in frame.shapes { svg += element(shape, frame: frame, width: width, height: height) }
      svg += "</g>\n"
    }
    return svg + "</svg>\n"
  }

  private static func element(_ shape: Scene.Shape, frame: Scene, width: Double, height: Double) -> String {
    let scale = width / (frame.maximum.x - frame.minimum.x)
    func pixel(_ point: SIMD2<Double>) -> String {
      "\(format((point.x - frame.minimum.x) * scale)),\(format(height - (point.y - frame.minimum.y) * scale))"
    }
    switch shape {
    case .polygon(let points, let fill, let stroke):
      let outline = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
      return "<polygon points=\"\(points.map(pixel).joined(separator: " "))\" fill=\"\(fill)\"\(outline)/>"
    case .line(let from, let to, let lineWidth, let color):
      let (a, b) = (pixel(from).split(separator: ","), pixel(to).split(separator: ","))
      return "<line x1=\"\(a[0])\" y1=\"\(a[1])\" x2=\"\(b[0])\" y2=\"\(b[1])\" stroke=\"\(color)\" "
        + "stroke-width=\"\(format(max(lineWidth * scale, 1)))\" stroke-linecap=\"round\"/>"
    case .circle(let center, let radius, let fill):
      let c = pixel(center).split(separator: ",")
      return "<circle cx=\"\(c[0])\" cy=\"\(c[1])\" r=\"\(format(radius * scale))\" fill=\"\(fill)\"/>"
    }
  }

  /// Two decimals, no exponent.
  static func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
