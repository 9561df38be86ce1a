import DecisionModels
import NeuralNetworks
import Parallelism
import TensorEngine
import Testing

@Suite struct ShardedTrainingTests {
  static func setup(discrete: Bool) -> (DecisionTransformer, ParameterStore, DecisionBatch) {
    var c = DecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: discrete)
    c.hiddenSize = 16
    c.layers = 2
    c.innerSize = 32
    c.contextLength = 4
    c.maxEpisodeLength = 10
    let model = DecisionTransformer(configuration: c)
    var generator = NormalGenerator(seed: 5)
    let (b, k) = (6, 4)
    let targets: [Float] = discrete
      ? (0..<(b * k)).map { Float($0 % 2) } : generator.normals(b * k * 2, std: 0.5)
    // Left padding on some windows, so the shards have different step counts.
    let mask = (0..<(b * k)).map { row -> Float in row % k < (row / k) % 3 ? 0 : 1 }
    let batch = DecisionBatch(
      batchSize: b, contextLength: k, states: generator.normals(b * k * 3, std: 1),
      actionInputs: discrete ? targets.flatMap { $0 == 0 ? [Float(1), 0] : [0, 1] } : targets,
      actionTargets: targets, returnsToGo: generator.normals(b * k, std: 1), timesteps: (0..<(b * k)).map { $0 % k },
      mask: mask)
    return (model, model.initialParameters(seed: 6), batch)
  }

  static func step(
    _ model: DecisionTransformer, _ parameters: ParameterStore, _ batch: DecisionBatch, dropout: Float, shards: Int,
    pool: WorkerPool?
  ) throws -> (DecisionTransformer.StepReport, ParameterStore) {
    var p = parameters
    var optimizer = AdamW()
    var context = ForwardContext(dropout: dropout, seed: 9)
    let report = try model.trainingStep(
      batch, parameters: &p, optimizer: &optimizer, schedule: .linearWarmup(steps: 1), context: &context, shards: shards,
      pool: pool)
    return (report, p)
  }

  /// Shards on a pool give bit-identical results to the same shards run one after another.
  @Test(arguments: [false, true])
  func aPoolChangesNothing(discrete: Bool) throws {
    let (model, parameters, batch) = Self.setup(discrete: discrete)
    let pool = WorkerPool(threads: 2)
    for shards in [2, 3] {
      let alone = try Self.step(model, parameters, batch, dropout: 0.1, shards: shards, pool: nil)
      let pooled = try Self.step(model, parameters, batch, dropout: 0.1, shards: shards, pool: pool)
      #expect(alone.0 == pooled.0)
      #expect(alone.1 == pooled.1)
    }
  }

  /// Without dropout, the shards' summed loss and gradients are the whole batch's (to rounding).
  @Test(arguments: [false, true])
  func shardsSumToTheWholeBatch(discrete: Bool) throws {
    let (model, parameters, batch) = Self.setup(discrete: discrete)
    let whole = try Self.step(model, parameters, batch, dropout: 0, shards: 1, pool: nil)
    let sharded = try Self.step(model, parameters, batch, dropout: 0, shards: 3, pool: nil)
    #expect(abs(whole.0.loss - sharded.0.loss) < 1e-5 * max(1, abs(whole.0.loss)))
    #expect(abs(whole.0.gradientNorm - sharded.0.gradientNorm) < 1e-4 * max(1, whole.0.gradientNorm))
    for name in parameters.names {
      let (a, b) = (whole.1[name]?.scalars ?? [], sharded.1[name]?.scalars ?? [])
      #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 }, "\(name)")
    }
  }
}
