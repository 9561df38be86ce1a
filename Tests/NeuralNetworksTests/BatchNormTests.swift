import NeuralNetworks
import TensorEngine
import Testing

@Suite struct BatchNormTests {
  /// PyTorch's BatchNorm1d: batch statistics in training (running averages with momentum 0.1 and the
  /// unbiased variance), running statistics in evaluation.
  @Test func trainingUpdatesRunningStatisticsAndEvaluationUsesThem() {
    let layer = BatchNorm("bn", width: 2)
    var store = ParameterStore()
    layer.register(in: &store)
    var statistics = layer.initialStatistics()
    // Feature 0: 1, 2, 3, 6 (mean 3, unbiased variance 14/3); feature 1: constant 5 (variance 0).
    let x = Tensor(shape: [4, 2], scalars: [1, 5, 2, 5, 3, 5, 6, 5])
    let tape = Tape()
    let y = layer(tape.constant(x), store.bind(to: tape), statistics: &statistics, training: true)
    let deviation = (Float(14) / 4 + 1e-5).squareRoot()  // population variance in the normalisation
    #expect(abs(y.value.scalars[0] - (1 - 3) / deviation) < 1e-5)
    #expect(y.value.scalars[1] == 0)
    #expect(abs(statistics.mean[0] - 0.3) < 1e-6 && abs(statistics.mean[1] - 0.5) < 1e-6)
    #expect(abs(statistics.variance[0] - (0.9 + 0.1 * 14 / 3)) < 1e-6 && abs(statistics.variance[1] - 0.9) < 1e-6)
    let before = statistics
    let evaluated = layer(tape.constant(x), store.bind(to: tape), statistics: &statistics, training: false)
    #expect(statistics == before)
    #expect(abs(evaluated.value.scalars[0] - (1 - 0.3) / (before.variance[0] + 1e-5).squareRoot()) < 1e-5)
  }
}
