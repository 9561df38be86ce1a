import Experts
import MuJoCoEnvironments
import RLCore
import Testing

/// ARS learns on Hopper-v4 (a short search: the full expert is `spikingmind train-expert`, docs in the README).
@Suite struct ExpertSearchTests {
  @Test func aShortSearchImprovesTheHopper() throws {
    let registry = try EnvironmentRegistry(MuJoCoEnvironments.specs)
    let search = try AugmentedRandomSearch(configuration: .paper(for: "Hopper-v4"), spec: try registry.spec("Hopper-v4"), registry: registry)
    var state = try search.initialState()
    let mean = { (returns: [Double]) in returns.reduce(0, +) / Double(returns.count) }
    let before = mean(try search.evaluate(state.policy, episodes: 5, seed: 1 << 63, pool: nil))
    for _ in 0..<40 { _ = try search.iterate(&state, pool: nil) }
    let after = mean(try search.evaluate(state.policy, episodes: 5, seed: 1 << 63, pool: nil))
    #expect(after > before + 50, "zero policy \(before), after 40 iterations \(after)")
  }
}
