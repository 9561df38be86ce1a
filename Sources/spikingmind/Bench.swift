import ArgumentParser

/// `spikingmind bench`: throughput benchmarks.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure throughput (compare with the peer scripts in ../shared/peers run alongside).",
    subcommands: [BenchEnvs.self, BenchDT.self, BenchSDT.self])
}
