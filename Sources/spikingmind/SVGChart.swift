import Foundation

/// Small self-contained SVG charts (no scripts, no network) for the HTML reports.
enum SVGChart {
  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
  static let (width, height, left, bottom, top, right) = (640.0, 300.0, 64.0, 40.0, 24.0, 16.0)

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
  }

  static func number(_ v: Double) -> String {
    abs(v) >= 1e4 || (abs(v) < 1e-2 && v != 0) ? String(format: "%.2g", v) : String(format: "%.3g", v)
  }

  /// A tick label: as many decimals as the tick spacing `step` needs (whole numbers for steps ≥ 1).
  static func tick(_ v: Double, step: Double) -> String {
    if abs(v) >= 1e6 { return String(format: "%.3g", v) }
    let decimals = step >= 1 ? 0 : min(6, Int((-log10(max(step, 1e-12))).rounded(.up)))
    return String(format: "%.\(decimals)f", v)
  }

  /// Axes, ticks and labels for the ranges; `x` and `y` map data to pixels.
  static func frame(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) -> (String, (Double) -> Double, (Double) -> Double) {
    let plotW = width - left - right, plotH = height - top - bottom
    let xs = max(xRange.upperBound - xRange.lowerBound, 1e-12), ys = max(yRange.upperBound - yRange.lowerBound, 1e-12)
    let x = { (v: Double) in left + (v - xRange.lowerBound) / xs * plotW }
    let y = { (v: Double) in top + plotH - (v - yRange.lowerBound) / ys * plotH }
    var svg = "<text x=\"\(width / 2)\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(title))</text>"
    svg += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(left + plotW)\" y2=\"\(top + plotH)\" stroke=\"#333\"/>"
    svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotH)\" stroke=\"#333\"/>"
    for i in 0...4 {
      let fx = xRange.lowerBound + xs * Double(i) / 4, fy = yRange.lowerBound + ys * Double(i) / 4
      svg += "<text x=\"\(x(fx))\" y=\"\(top + plotH + 14)\" text-anchor=\"middle\" font-size=\"10\">\(tick(fx, step: xs / 4))</text>"
      svg += "<text x=\"\(left - 4)\" y=\"\(y(fy) + 3)\" text-anchor=\"end\" font-size=\"10\">\(tick(fy, step: ys / 4))</text>"
      svg += "<line x1=\"\(left)\" y1=\"\(y(fy))\" x2=\"\(left + plotW)\" y2=\"\(y(fy))\" stroke=\"#eee\"/>"
    }
    svg += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"11\">\(escape(xLabel))</text>"
    svg += "<text x=\"12\" y=\"\(top + plotH / 2)\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 12 \(top + plotH / 2))\">\(escape(yLabel))</text>"
    return (svg, x, y)
  }

  static func wrap(_ body: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\(body)</svg>"
  }

  static func range(_ values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
    return lo == hi ? (lo - 1)...(hi + 1) : lo...hi
  }

  /// Lines of (x, y) points, one per named series, with a legend.
  static func lines(title: String, xLabel: String, yLabel: String, series: [(name: String, points: [(Double, Double)])]) -> String {
    let all = series.flatMap(\.points)
    let (axes, x, y) = frame(title: title, xLabel: xLabel, yLabel: yLabel, xRange: range(all.map(\.0)), yRange: range(all.map(\.1)))
    var body = axes
    for (i, s) in series.enumerated() where !s.points.isEmpty {
      let color = palette[i % palette.count]
      let path = s.points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
      body += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(path)\"/>"
      for p in s.points where s.points.count <= 30 { body += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%@\"/>", x(p.0), y(p.1), color) }
      body += "<rect x=\"\(left + 10)\" y=\"\(top + 6 + 14 * Double(i))\" width=\"10\" height=\"3\" fill=\"\(color)\"/>"
      body += "<text x=\"\(left + 24)\" y=\"\(top + 10 + 14 * Double(i))\" font-size=\"10\">\(escape(s.name))</text>"
    }
    return wrap(body)
  }

  /// Horizontal bars, grouped: one row per label, one bar per series.
  static func bars(title: String, unit: String, labels: [String], series: [(name: String, values: [Double])], logarithmic: Bool = false) -> String {
    let rowHeight = 14.0 * Double(max(series.count, 1)) + 6
    let chartHeight = top + 30 + rowHeight * Double(labels.count)
    // Labels are drawn whole: the label column grows with the longest (≈5.2 px per 9-pt character).
    let labelWidth = max(120, 5.2 * Double(labels.map(\.count).max() ?? 0) + 8)
    let chartWidth = labelWidth + width - 230
    let maxValue = series.flatMap(\.values).filter(\.isFinite).max() ?? 1
    let scale = { (v: Double) -> Double in
      let w = chartWidth - labelWidth - right - 60
      guard v > 0 else { return 0 }
      if logarithmic { return w * max(0, log10(v) + 1) / max(log10(maxValue) + 1, 1e-9) }
      return w * v / max(maxValue, 1e-12)
    }
    var body = "<text x=\"\(chartWidth / 2)\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(title))</text>"
    for (i, s) in series.enumerated() {
      body += "<rect x=\"\(labelWidth + 120 * Double(i))\" y=\"24\" width=\"10\" height=\"10\" fill=\"\(palette[i % palette.count])\"/>"
      body += "<text x=\"\(labelWidth + 14 + 120 * Double(i))\" y=\"33\" font-size=\"10\">\(escape(s.name))</text>"
    }
    for (r, label) in labels.enumerated() {
      let y0 = top + 24 + rowHeight * Double(r)
      body += "<text x=\"\(labelWidth - 4)\" y=\"\(y0 + rowHeight / 2 + 3)\" text-anchor=\"end\" font-size=\"9\">\(escape(label))</text>"
      for (i, s) in series.enumerated() where r < s.values.count {
        let v = s.values[r]
        let w = scale(v)
        body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"%@\"/>", labelWidth, y0 + 14 * Double(i), w, palette[i % palette.count])
        body += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\">%@ %@</text>", labelWidth + w + 3, y0 + 14 * Double(i) + 10, number(v), escape(unit))
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(chartWidth))\" height=\"\(Int(chartHeight))\" font-family=\"sans-serif\" font-size=\"12\">\(body)</svg>"
  }

  /// A spike raster: rows are neurons, columns time steps × tokens (a black cell per spike).
  /// `spikes[(t · tokens + token) · stride + neuron]`; the first `neurons` of `stride` are drawn.
  static func raster(title: String, spikes: [Float], steps: Int, tokens: Int, neurons: Int, stride: Int) -> String {
    let columns = steps * tokens
    let cell = min(8.0, (width - left - right) / Double(max(columns, 1)))
    let rowH = min(4.0, 220.0 / Double(max(neurons, 1)))
    var body = "<text x=\"\(width / 2)\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(title))</text>"
    body += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(cell * Double(columns))\" height=\"\(rowH * Double(neurons))\" fill=\"#fafafa\" stroke=\"#999\"/>"
    for t in 0..<steps {
      for l in 0..<tokens {
        for n in 0..<neurons where spikes[(t * tokens + l) * stride + n] != 0 {
          body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#111\"/>",
            left + cell * Double(l * steps + t), top + rowH * Double(n), cell, rowH)
        }
      }
    }
    body += "<text x=\"\(left)\" y=\"\(top + rowH * Double(neurons) + 14)\" font-size=\"10\">columns: tokens, each with its \(steps) SNN steps; rows: \(neurons) neurons</text>"
    return wrap(body)
  }

  /// A histogram of values; the range ends at the 99th percentile and the last bin holds everything beyond.
  static func histogram(title: String, xLabel: String, values: [Double], bins: Int = 30) -> String {
    let sorted = values.filter(\.isFinite).sorted()
    let p99 = sorted.isEmpty ? 1 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * 0.99))]
    let r = range([sorted.first ?? 0, p99])
    let w = (r.upperBound - r.lowerBound) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for v in sorted { counts[min(bins - 1, max(0, Int((v - r.lowerBound) / max(w, 1e-12))))] += 1 }
    let (axes, x, y) = frame(title: title + " (last bin: ≥ p99)", xLabel: xLabel, yLabel: "actions", xRange: r, yRange: 0...max(counts.max() ?? 1, 1))
    var body = axes
    for (i, c) in counts.enumerated() where c > 0 {
      let x0 = x(r.lowerBound + w * Double(i)), x1 = x(r.lowerBound + w * Double(i + 1))
      body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f77b4\"/>", x0, y(c), max(x1 - x0 - 1, 1), y(0) - y(c))
    }
    return wrap(body)
  }
}
