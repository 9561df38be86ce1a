public import DecisionModels
public import NeuralNetworks
public import Parallelism
public import SpikingLayers
public import TensorEngine

/// A model's trainable state: parameters and buffers (running statistics, PTBN counters).
public struct ModelState: Sendable, Equatable {
  /// Parameters by name.
  public var parameters: ParameterStore
  /// Buffers by name (empty for models without any).
  public var buffers: BufferStore

  /// Creates a state.
  public init(parameters: ParameterStore, buffers: BufferStore = BufferStore()) {
    self.parameters = parameters
    self.buffers = buffers
  }
}

/// Batch-1 inference of a trained model (the tape-free runners).
public protocol ActionRunner: AnyObject {
  /// The model output for the last step of `context` (logits or tanh-squashed actions).
  func action(context: DecisionContext, recorder: SpikeRecorder?) -> [Float]
}

extension SpikingDecisionTransformerRunner: ActionRunner {}
extension SNNDecisionTransformerRunner: ActionRunner {}
extension DecisionTransformerRunner: ActionRunner {
  /// The ANN runner records nothing.
  public func action(context: DecisionContext, recorder: SpikeRecorder?) -> [Float] { action(context: context) }
}

/// One of the three model families behind one interface: initialisation, a training step, evaluation-mode
/// predictions and a runner. Models never know how they are trained; this is the trainer's view of them.
public struct TrainableModel: Sendable {
  /// The architecture.
  public let configuration: ModelConfiguration

  /// Wraps a configuration.
  /// - Throws: `DecisionModelError.invalidConfiguration`.
  public init(_ configuration: ModelConfiguration) throws(DecisionModelError) {
    try configuration.validate()
    self.configuration = configuration
  }

  /// Seeded initial parameters and buffers.
  public func initialState(seed: UInt64) -> ModelState {
    switch configuration {
    case .dsformer(let c):
      let (parameters, buffers) = SpikingDecisionTransformer(configuration: c).initialState(seed: seed)
      return ModelState(parameters: parameters, buffers: buffers)
    case .snndt(let c): return ModelState(parameters: SNNDecisionTransformer(configuration: c).initialParameters(seed: seed))
    case .dt(let c): return ModelState(parameters: DecisionTransformer(configuration: c).initialParameters(seed: seed))
    }
  }

  /// One optimisation step on `batch` (data-parallel shards, dropout keyed by `dropoutSeed`; with `exchange`,
  /// this process computes its block of the shards and receives the others').
  /// - Throws: `TrainingError.nonFiniteLoss` / `.nonFiniteGradientNorm` (state untouched), `.exchange`.
  public func trainingStep(
    _ batch: DecisionBatch, state: inout ModelState, optimizer: inout AdamW, schedule: LearningRateSchedule,
    maxGradientNorm: Float, dropoutSeed: UInt64, shards: Int, pool: WorkerPool?, recorder: SpikeRecorder?,
    exchange: (any ShardExchange)? = nil
  ) throws(TrainingError) -> DecisionTransformer.StepReport {
    switch configuration {
    case .dsformer(let c):
      return try SpikingDecisionTransformer(configuration: c).trainingStep(
        batch, parameters: &state.parameters, buffers: &state.buffers, optimizer: &optimizer, schedule: schedule,
        maxGradientNorm: maxGradientNorm, shards: shards, pool: pool, recorder: recorder, exchange: exchange,
        dropoutSeed: dropoutSeed)
    case .snndt(let c):
      var context = ForwardContext(dropout: c.dropout, seed: dropoutSeed)
      return try SNNDecisionTransformer(configuration: c).trainingStep(
        batch, parameters: &state.parameters, optimizer: &optimizer, schedule: schedule, maxGradientNorm: maxGradientNorm,
        context: &context, shards: shards, pool: pool, recorder: recorder, exchange: exchange)
    case .dt(let c):
      var context = ForwardContext(dropout: c.dropout, seed: dropoutSeed)
      return try DecisionTransformer(configuration: c).trainingStep(
        batch, parameters: &state.parameters, optimizer: &optimizer, schedule: schedule, maxGradientNorm: maxGradientNorm,
        context: &context, shards: shards, pool: pool, exchange: exchange)
    }
  }

  /// Evaluation-mode predictions `(B, K, actionDimension)` on the tape path (no gradients, no dropout); every
  /// spiking layer reports to `recorder` (the full windows, padding included).
  public func predictions(_ batch: DecisionBatch, state: ModelState, recorder: SpikeRecorder? = nil) -> Tensor {
    let tape = Tape()
    return tape.withoutGradients {
      let p = state.parameters.bind(to: tape)
      var evaluation = ForwardContext.evaluation
      switch configuration {
      case .dsformer(let c):
        return SpikingDecisionTransformer(configuration: c).predictActions(
          batch, parameters: p, pass: SpikingPass(mode: .evaluation, buffers: state.buffers, recorder: recorder)).value
      case .snndt(let c):
        return SNNDecisionTransformer(configuration: c).predictActions(
          batch, parameters: p, context: &evaluation, pass: SpikingPass(mode: .evaluation, buffers: state.buffers, recorder: recorder)).value
      case .dt(let c):
        return DecisionTransformer(configuration: c).predictActions(batch, parameters: p, context: &evaluation).value
      }
    }
  }

  /// A tape-free batch-1 runner for `state` (one per thread).
  /// - Parameter crossover: the spiking runner's event-driven crossover (nil: measured per layer).
  /// - Throws: `DecisionModelError` for a missing or misshapen tensor.
  public func runner(state: ModelState, crossover: Double? = nil) throws(DecisionModelError) -> any ActionRunner {
    switch configuration {
    case .dsformer(let c):
      return try SpikingDecisionTransformerRunner(
        model: SpikingDecisionTransformer(configuration: c), parameters: state.parameters, buffers: state.buffers, crossover: crossover)
    case .snndt(let c):
      return try SNNDecisionTransformerRunner(model: SNNDecisionTransformer(configuration: c), parameters: state.parameters)
    case .dt(let c):
      return try DecisionTransformerRunner(model: DecisionTransformer(configuration: c), parameters: state.parameters)
    }
  }
}
