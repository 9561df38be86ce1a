import Foundation

/// Replays golden neuron traces (`../shared/conformance/lif/`, format `lif-golden/1`): the same inputs
/// through our fused neurons, giving the same JSON with our spikes, voltages, currents and input gradients
/// of `loss = Σ spikes·w`, and a comparison against the golden values.
public enum NeuronConformance {
  /// How a candidate compares with the golden file, per case.
  public struct CaseReport: Sendable, Equatable {
    /// The case name.
    public let name: String
    /// Spikes that differ.
    public let spikeMismatches: Int
    /// Largest |Δv| (post-reset state for Norse, membrane for DSFormer).
    public let maxVoltageError: Double
    /// Largest |Δi| (Norse; 0 otherwise).
    public let maxCurrentError: Double
    /// Largest |Δ∂L/∂x|.
    public let maxGradientError: Double

    /// Spikes identical, v and i within 1e-6, gradients within 1e-5.
    public var passes: Bool {
      spikeMismatches == 0 && maxVoltageError <= 1e-6 && maxCurrentError <= 1e-6 && maxGradientError <= 1e-5
    }
  }

  /// Errors reading a golden file.
  public enum FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a `lif-golden/1` JSON object, or a field missing or misshapen.
    case invalid(path: String, reason: String)

    /// One line.
    public var description: String {
      switch self { case .invalid(let path, let reason): "\(path): not a lif-golden/1 file: \(reason)" }
    }
  }

  /// Our values for every case of a golden file's JSON (the object with each case's `spikes`, `v`, `i`,
  /// `grad_input` replaced by ours).
  /// - Throws: `FormatError` for a malformed file or an unknown case model.
  public static func replay(_ golden: [String: Any], path: String) throws(FormatError) -> [String: Any] {
    guard golden["format"] as? String == "lif-golden/1" else { throw .invalid(path: path, reason: "format is not lif-golden/1") }
    let inputs = try matrix(golden["input"], "input", path)
    let weights = try matrix(golden["loss_weights"], "loss_weights", path)
    guard inputs.count > 0, weights.count == inputs.count, weights.first?.count == inputs.first?.count,
      let cases = golden["cases"] as? [[String: Any]]
    else { throw .invalid(path: path, reason: "input, loss_weights and cases must be T×N, T×N and a list") }
    let norseVersion = golden["norse"] as? String ?? "1.1.0"
    var result = golden
    result["cases"] = try cases.map { (entry: [String: Any]) throws(FormatError) -> [String: Any] in
      var ours = entry
      let simulated = try simulate(entry, inputs: inputs, weights: weights, norseVersion: norseVersion, path: path)
      ours["spikes"] = simulated.spikes
      ours["v"] = simulated.voltages
      if let currents = simulated.currents { ours["i"] = currents }
      ours["grad_input"] = simulated.gradients
      return ours
    }
    return result
  }

  /// Compares a candidate (from `replay`) with the golden file, case by case (matched by position).
  /// - Throws: `FormatError` when the two do not have the same cases and shapes.
  public static func compare(golden: [String: Any], candidate: [String: Any], path: String) throws(FormatError) -> [CaseReport] {
    guard let expected = golden["cases"] as? [[String: Any]], let ours = candidate["cases"] as? [[String: Any]],
      expected.count == ours.count
    else { throw .invalid(path: path, reason: "the candidate has other cases than the golden file") }
    return try zip(expected, ours).map { (pair: ([String: Any], [String: Any])) throws(FormatError) -> CaseReport in
      let (a, b) = pair
      func error(_ key: String) throws(FormatError) -> (Double, Int) {
        guard a[key] != nil || b[key] != nil else { return (0, 0) }
        let (x, y) = (try matrix(a[key], key, path), try matrix(b[key], key, path))
        guard x.count == y.count, zip(x, y).allSatisfy({ $0.count == $1.count }) else {
          throw .invalid(path: path, reason: "\(key) has another shape in the candidate")
        }
        var worst = 0.0
        var differing = 0
        for (rowA, rowB) in zip(x, y) {
          for (u, w) in zip(rowA, rowB) {
            worst = max(worst, abs(u - w))
            if u != w { differing += 1 }
          }
        }
        return (worst, differing)
      }
      return CaseReport(
        name: a["name"] as? String ?? "?", spikeMismatches: try error("spikes").1, maxVoltageError: try error("v").0,
        maxCurrentError: try error("i").0, maxGradientError: try error("grad_input").0)
    }
  }

  struct Simulation {
    var spikes: [[Double]], voltages: [[Double]], currents: [[Double]]?, gradients: [[Double]]
  }

  static func simulate(
    _ entry: [String: Any], inputs: [[Double]], weights: [[Double]], norseVersion: String, path: String
  ) throws(FormatError) -> Simulation {
    let params = entry["params"] as? [String: Any] ?? [:]
    func number(_ key: String) throws(FormatError) -> Float {
      guard let value = params[key] as? Double else { throw .invalid(path: path, reason: "case parameter \(key) missing") }
      return Float(value)
    }
    let (steps, count) = (inputs.count, inputs[0].count)
    let x = inputs.flatMap { $0.map { Float($0) } }
    let w = weights.flatMap { $0.map { Float($0) } }
    let name = entry["name"] as? String ?? ""
    if name.hasPrefix("norse") || (entry["model"] as? String ?? "").hasPrefix("norse") {
      var neuron = NorseLIF()
      neuron.tauSynapseInverse = try number("tau_syn_inv")
      neuron.tauMembraneInverse = try number("tau_mem_inv")
      neuron.leakPotential = try number("v_leak")
      neuron.threshold = try number("v_th")
      neuron.resetPotential = try number("v_reset")
      neuron.timeStep = try number("dt")
      // Norse 1.0/1.1's SuperSpike backward ignores α; later versions use it.
      let ignoresAlpha = norseVersion.hasPrefix("1.0") || norseVersion.hasPrefix("1.1")
      neuron.surrogate = ignoresAlpha ? .superSpikeIgnoringAlpha : .superSpike(alpha: try number("alpha"))
      var (saved, spikes, v, i) = ([Float](repeating: 0, count: x.count), [Float](repeating: 0, count: x.count),
        [Float](repeating: 0, count: x.count), [Float](repeating: 0, count: x.count))
      _ = neuron.forward(x, steps: steps, count: count, saved: &saved, spikes: &spikes, voltages: &v, currents: &i)
      var gradient = [Float](repeating: 0, count: x.count)
      neuron.backward(w, saved: saved, steps: steps, count: count, inputGradient: &gradient)
      return Simulation(
        spikes: rows(spikes, count), voltages: rows(v, count), currents: rows(i, count), gradients: rows(gradient, count))
    }
    guard name.hasPrefix("dsformer") else { throw .invalid(path: path, reason: "unknown case \(name)") }
    let lens = try number("lens")
    let neuron = DSFormerLIF(decay: try number("decay"), threshold: try number("v_th"), surrogate: .box(halfWidth: lens))
    var (saved, spikes) = ([Float](repeating: 0, count: x.count), [Float](repeating: 0, count: x.count))
    _ = neuron.forward(x, steps: steps, count: count, saved: &saved, spikes: &spikes)
    var gradient = [Float](repeating: 0, count: x.count)
    neuron.backward(w, saved: saved, steps: steps, count: count, inputGradient: &gradient)
    return Simulation(spikes: rows(spikes, count), voltages: rows(saved, count), currents: nil, gradients: rows(gradient, count))
  }

  static func rows(_ values: [Float], _ count: Int) -> [[Double]] {
    stride(from: 0, to: values.count, by: count).map { values[$0..<($0 + count)].map { Double($0) } }
  }

  static func matrix(_ value: Any?, _ key: String, _ path: String) throws(FormatError) -> [[Double]] {
    guard let rows = value as? [[Any]] else { throw .invalid(path: path, reason: "\(key) is not a list of rows") }
    return try rows.map { (row: [Any]) throws(FormatError) -> [Double] in
      try row.map { (element: Any) throws(FormatError) -> Double in
        guard let number = element as? NSNumber else { throw .invalid(path: path, reason: "\(key) holds a non-number") }
        return number.doubleValue
      }
    }
  }
}
