import DecisionModels
import NeuralNetworks
import Parallelism
import SpikingLayers
import TensorEngine
import Testing

/// Training steps of the spiking models: shards against the whole batch, threads against none, buffers.
@Suite struct SpikingTrainingTests {
  /// Random windows for a configuration: left padding on some rows, one-hot or continuous actions.
  static func batch(_ c: SpikingDecisionTransformerConfiguration, size: Int, seed: UInt64) -> DecisionBatch {
    var generator = NormalGenerator(seed: seed)
    let k = c.contextLength
    var mask = [Float](repeating: 1, count: size * k)
    for row in 0..<size { for step in 0..<(row % k) { mask[row * k + step] = 0 } }
    var actions = [Float](repeating: 0, count: size * k * c.actionDimension)
    var targets = [Float]()
    for slot in 0..<(size * k) {
      if c.discrete {
        let target = Int(generator.uniform() * Double(c.actionDimension))
        targets.append(Float(target))
        if mask[slot] != 0 { actions[slot * c.actionDimension + target] = 1 }
      } else {
        for a in 0..<c.actionDimension {
          let value = Float(generator.uniform() * 2 - 1)
          targets.append(value)
          actions[slot * c.actionDimension + a] = mask[slot] != 0 ? value : -10
        }
      }
    }
    return DecisionBatch(
      batchSize: size, contextLength: k, states: generator.normals(size * k * c.stateDimension, std: 1), actionInputs: actions,
      actionTargets: targets, returnsToGo: generator.normals(size * k, std: 1), timesteps: Array(repeating: 0, count: size * k),
      mask: mask)
  }

  @Test func shardsOnThreadsEqualShardsInOrderAndPoolStatistics() throws {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.layers, c.contextLength, c.progressiveSteps) = (16, 2, 4, 10)
    let model = SpikingDecisionTransformer(configuration: c)
    let (initial, initialBuffers) = model.initialState(seed: 1)
    let batch = Self.batch(c, size: 6, seed: 2)
    func run(shards: Int, pool: WorkerPool?) throws -> (ParameterStore, BufferStore, Float) {
      var (parameters, buffers, optimizer) = (initial, initialBuffers, AdamW())
      var loss: Float = 0
      for _ in 0..<2 {
        loss = try model.trainingStep(
          batch, parameters: &parameters, buffers: &buffers, optimizer: &optimizer, schedule: .linearWarmup(steps: 1),
          shards: shards, pool: pool).loss
      }
      return (parameters, buffers, loss)
    }
    let sequential = try run(shards: 3, pool: nil)
    let threaded = try run(shards: 3, pool: WorkerPool(threads: 2))
    #expect(sequential.0 == threaded.0 && sequential.1 == threaded.1 && sequential.2 == threaded.2)
    let whole = try run(shards: 1, pool: nil)
    // Per-shard batch statistics differ from the whole batch's, but the schedule advanced the same.
    #expect(whole.1[counter: "transformer.transformer.last_ln.norm.iter"] == 8)
    #expect(sequential.1[counter: "transformer.transformer.last_ln.norm.iter"] == 8)
    #expect(sequential.1[counter: "transformer.transformer.last_ln.norm.norm2.bn.num_batches_tracked"] == 2)
    #expect(whole.0 != initial)
  }

  /// The DSFormer's dropout option: seeded by the step's key, independent of threads, off in evaluation, and
  /// at rate 0 the released model bit for bit.
  @Test func dropoutOptionIsSeededThreadIndependentAndOffInEvaluation() throws {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.layers, c.contextLength, c.progressiveSteps) = (16, 2, 4, 10)
    let released = SpikingDecisionTransformer(configuration: c)
    let (initial, initialBuffers) = released.initialState(seed: 1)
    let batch = Self.batch(c, size: 6, seed: 2)
    func step(_ rate: Float?, seed: UInt64, pool: WorkerPool? = nil) throws -> (ParameterStore, Float) {
      var d = c
      d.dropout = rate
      var (parameters, buffers, optimizer) = (initial, initialBuffers, AdamW())
      let loss = try SpikingDecisionTransformer(configuration: d).trainingStep(
        batch, parameters: &parameters, buffers: &buffers, optimizer: &optimizer, schedule: .linearWarmup(steps: 1),
        shards: 3, pool: pool, dropoutSeed: seed).loss
      return (parameters, loss)
    }
    let none = try step(nil, seed: 7)
    let zero = try step(0, seed: 7)
    #expect(zero.0 == none.0 && zero.1 == none.1)
    let dropped = try step(0.3, seed: 7)
    #expect(dropped.1 != none.1 && dropped.0 != none.0)
    let again = try step(0.3, seed: 7, pool: WorkerPool(threads: 2))
    #expect(again.0 == dropped.0 && again.1 == dropped.1)
    let otherSeed = try step(0.3, seed: 8)
    #expect(otherSeed.1 != dropped.1)
    // Evaluation ignores the rate: the same parameters predict the same with and without the option.
    var d = c
    d.dropout = 0.3
    let tape = Tape()
    let pass = SpikingPass(mode: .evaluation, buffers: initialBuffers)
    let withOption = SpikingDecisionTransformer(configuration: d).predictActions(batch, parameters: dropped.0.bind(to: tape), pass: pass)
    let without = released.predictActions(batch, parameters: dropped.0.bind(to: tape), pass: pass)
    #expect(withOption.value.scalars == without.value.scalars)
    d.dropout = 1
    #expect(throws: DecisionModelError.self) { try d.validate() }
  }
}
