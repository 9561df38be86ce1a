public import DecisionModels
public import NeuralNetworks
public import Parallelism
public import SpikingLayers
public import TensorEngine

extension TrainableModel {
  /// The gradients of a custom loss of the model's predictions, in evaluation mode: BN/PTBN with running
  /// statistics (frozen: PTBN in its final BN state), no dropout — exactly the policy that acted during a
  /// rollout — on data-parallel shards, summed in shard order.
  /// - Parameters:
  ///   - batch: the windows.
  ///   - loss: `(predictions (B_shard, K', A), the shard's window range, the parameter binding) → scalar`; the
  ///     predictions' last position is each window's last step (the DSFormer computes only that one: K' = 1).
  ///   - recorder: receives the forwards' spikes, or nil.
  /// - Returns: the summed loss and the gradients by parameter name.
  public func lossAndGradients(
    _ batch: DecisionBatch, state: ModelState, shards: Int, pool: WorkerPool?, recorder: SpikeRecorder?,
    loss: (Variable, Range<Int>, ParameterBinding) -> Variable
  ) -> (Float, [String: Tensor]) {
    let c = configuration
    let shardCount = min(max(shards, 1), max(batch.batchSize, 1))
    return ShardedTraining.lossAndGradients(
      batch, shards: shardCount, pool: pool, stateDimension: c.stateDimension, actionDimension: c.actionDimension,
      discrete: c.discrete, normalizer: Float(batch.batchSize)
    ) { shard, part, _ in
      let tape = Tape()
      let binding = state.parameters.bind(to: tape)
      let predictions = evaluationPredictions(part, binding: binding, buffers: state.buffers, recorder: recorder)
      let range = ShardedTraining.range(ofShard: shard, shards: shardCount, batchSize: batch.batchSize)
      let value = loss(predictions, range, binding)
      return (value.value.scalar, binding.gradients(of: value))
    }
  }

  /// Evaluation-mode predictions on a tape (differentiable), at least each window's last position.
  func evaluationPredictions(_ batch: DecisionBatch, binding p: ParameterBinding, buffers: BufferStore, recorder: SpikeRecorder?) -> Variable {
    var evaluation = ForwardContext.evaluation
    switch configuration {
    case .dsformer(let c):
      return SpikingDecisionTransformer(configuration: c).predictActions(
        batch, parameters: p, pass: SpikingPass(mode: .evaluation, buffers: buffers, recorder: recorder), lastPositionOnly: true)
    case .snndt(let c):
      return SNNDecisionTransformer(configuration: c).predictActions(
        batch, parameters: p, context: &evaluation, pass: SpikingPass(mode: .evaluation, buffers: buffers, recorder: recorder))
    case .dt(let c):
      return DecisionTransformer(configuration: c).predictActions(batch, parameters: p, context: &evaluation)
    }
  }
}
