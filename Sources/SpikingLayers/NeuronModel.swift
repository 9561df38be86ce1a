/// The neuron a spiking layer uses, as a configuration value (Codable, saved with a model).
public enum NeuronModel: Sendable, Equatable, Codable {
  /// Decision SpikeFormer's LIF (decay 0.25, threshold 0.5, box surrogate).
  case dsformer(DSFormerLIF)
  /// Norse's current-based LIF cell.
  case norse(NorseLIF)
  /// SpikingJelly's LIF node.
  case spikingJelly(SpikingJellyLIF)
  /// Integrate-and-fire.
  case integrateAndFire(IntegrateAndFire)

  /// The neuron as its protocol.
  public var neuron: any SpikingNeuron {
    switch self {
    case .dsformer(let n): n
    case .norse(let n): n
    case .spikingJelly(let n): n
    case .integrateAndFire(let n): n
    }
  }

  /// A short name for reports (`dsformer`, `norse`, `spikingjelly`, `if`).
  public var name: String {
    switch self {
    case .dsformer: "dsformer"
    case .norse: "norse"
    case .spikingJelly: "spikingjelly"
    case .integrateAndFire: "if"
    }
  }

  /// The default model called `name` (see `name`).
  /// - Throws: `SpikingLayersError.invalidParameter` for an unknown name.
  public static func named(_ name: String) throws(SpikingLayersError) -> NeuronModel {
    switch name.lowercased() {
    case "dsformer", "lif": return .dsformer(DSFormerLIF())
    case "norse": return .norse(NorseLIF())
    case "spikingjelly", "jelly": return .spikingJelly(SpikingJellyLIF())
    case "if", "integrate-and-fire": return .integrateAndFire(IntegrateAndFire())
    default: throw .invalidParameter(name: "neuron \(name)", value: .nan, reason: "unknown; use dsformer, norse, spikingjelly or if")
    }
  }
}
