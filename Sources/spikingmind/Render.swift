import ArgumentParser
import Foundation
import RLCore

/// `spikingmind render`: one episode as an animated SVG.
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write one episode of a policy as an animated SVG that opens in a browser.")

  @Option(help: "Environment id, e.g. LunarLander or CartPole-v1.")
  var env: String

  @Option(help: "The policy: random, or expert (heuristic for the Box2D tasks).")
  var policy: PolicyKind = .expert

  @Option(help: "The reset seed.")
  var seed: UInt64 = 0

  @Option(name: .customLong("option"), help: "Constructor option name=value (repeatable).")
  var options: [OptionArgument] = []

  @Option(help: "At most this many frames (steps).")
  var maxFrames: Int = 1000

  @Option(help: "Frames per second of the animation.")
  var fps: Double = 50

  @Option(help: "The SVG file to write (atomically).")
  var out: String

  func validate() throws {
    guard maxFrames > 0, fps > 0 else { throw ValidationError("--max-frames and --fps must be positive") }
  }

  func run() throws {
    try OutputPath.check(out)
    do {
      let registry = try StandardRegistry.make()
      let spec = try registry.spec(env)
      let options = spec.defaultOptions.merging(OptionArgument.options(self.options)) { _, new in new }
      var environment = try registry.make(spec.id, options: options)
      var actor = try policy.make(spec: spec, options: options, actionSpace: environment.actionSpace, seed: seed)
      actor.reset(seed: seed)
      var observation = try environment.reset(seed: seed).observation
      guard let firstScene = environment.scene else { throw CommandError(message: "\(spec.id) cannot draw itself") }
      var frames = [firstScene]
      var total = 0.0
      while frames.count < maxFrames {
        let step = try environment.step(actor.action(for: observation, state: environment.state))
        observation = step.observation
        total += step.reward
        if let scene = environment.scene { frames.append(scene) }
        if step.isDone { break }
      }
      let svg = SVGAnimation.document(frames: frames, fps: fps)
      try OutputPath.write(Data(svg.utf8), to: out)
      print("wrote \(out): \(frames.count) frames, return \(String(format: "%.2f", total))")
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}
