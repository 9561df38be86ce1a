import RLCore
import Testing

@testable import Trajectories

@Suite struct SamplerTests {
  /// Two episodes: 3 steps (terminated) and 1 step (truncated); observation dimension 2.
  static func dataset() -> TrajectoryDataset {
    let episodes = [
      Episode(observations: [[1, 10], [2, 20], [3, 30]], actions: [[0.5], [-0.5], [1]], rewards: [1, 2, 4], terminated: true, truncated: false),
      Episode(observations: [[4, 40]], actions: [[0]], rewards: [8], terminated: false, truncated: true),
    ]
    let metadata = DatasetMetadata(
      envID: "Test-v0", envOptions: [:], expert: "test", quality: "expert", seed: 0, episodes: 0, steps: 0,
      actionKind: "continuous", observationDimension: 0, actionDimension: 0, returns: .init([]), randomReturn: 0,
      expertReturn: 1, toolkitVersion: "test", checksum: "")
    return TrajectoryDataset(episodes: episodes, observationDimension: 2, actionDimension: 1, metadata: metadata)
  }

  @Test func returnsToGoAreSuffixSums() {
    #expect(ReturnsToGo.compute([1, 2, 4] as [Float]) == [7, 6, 4])
    #expect(ReturnsToGo.compute([1, 2, 4] as [Float], gamma: 0.5) == [1 + 0.5 * (2 + 0.5 * 4), 2 + 0.5 * 4, 4])
    #expect(ReturnsToGo.compute([] as [Float]).isEmpty)
  }

  @Test func statisticsArePopulationStdPlusEpsilon() {
    let statistics = ObservationStatistics(observations: [1, 10, 2, 20, 3, 30, 4, 40], dimension: 2)
    #expect(statistics.mean == [2.5, 25])
    #expect(statistics.std == [Float(1.25.squareRoot() + 1e-6), Float(125.0.squareRoot() + 1e-6)])
    #expect(statistics.normalize([2.5, 25]) == [0, 0])
  }

  @Test func windowAtAnEpisodeStartIsLeftPadded() {
    let sampler = WindowSampler(dataset: Self.dataset(), contextLength: 4, returnScale: 10, seed: 0)
    let window = sampler.window(episode: 0, start: 1)
    let mean = sampler.statistics.mean
    let std = sampler.statistics.std
    // Steps 1 and 2 of episode 0 fill the last two slots; two pads in front.
    #expect(window.mask == [0, 0, 1, 1])
    #expect(window.actions == [-10, -10, -0.5, 1])
    #expect(window.rewards == [0, 0, 2, 4])
    #expect(window.dones == [2, 2, 0, 1])
    #expect(window.returnsToGo == [0, 0, 0.6, 0.4])
    #expect(window.timesteps == [0, 0, 1, 2])
    #expect(Array(window.states[0..<2]) == [(0 - mean[0]) / std[0], (0 - mean[1]) / std[1]])
    #expect(Array(window.states[4..<6]) == [(2 - mean[0]) / std[0], (20 - mean[1]) / std[1]])
  }

  @Test func fullWindowsNeedNoPaddingAndTimestepsAreClipped() {
    let sampler = WindowSampler(dataset: Self.dataset(), contextLength: 2, maxEpisodeLength: 2, seed: 0)
    let window = sampler.window(episode: 0, start: 1)
    #expect(window.mask == [1, 1])
    #expect(window.timesteps == [1, 1])
    #expect(window.returnsToGo == [6, 4])
  }

  @Test func episodesAreDrawnInProportionToTheirLength() {
    var sampler = WindowSampler(dataset: Self.dataset(), contextLength: 1, seed: 9)
    let batch = sampler.sample(batchSize: 8000)
    // Episode 1 (1 step of 4) holds the only observation with first component 4.
    let fromSecond = stride(from: 0, to: batch.states.count, by: 2).filter {
      batch.states[$0] == (4 - sampler.statistics.mean[0]) / sampler.statistics.std[0]
    }.count
    #expect(abs(Double(fromSecond) / 8000 - 0.25) < 0.02)
  }

  @Test func samplingIsDeterministicForASeed() {
    var a = WindowSampler(dataset: Self.dataset(), contextLength: 3, seed: 5)
    var b = WindowSampler(dataset: Self.dataset(), contextLength: 3, seed: 5)
    var c = WindowSampler(dataset: Self.dataset(), contextLength: 3, seed: 6)
    let first = a.sample(batchSize: 16)
    #expect(first == b.sample(batchSize: 16))
    #expect(first != c.sample(batchSize: 16))
  }

  @Test func onlineBufferNeverMixesEpisodes() {
    var buffer = OnlineEpisodeBuffer(capacity: 2)
    buffer.append(observation: [1], action: [0], reward: 1)
    buffer.append(observation: [2], action: [1], reward: 1)
    buffer.finishEpisode(terminated: true, truncated: false)
    buffer.append(observation: [3], action: [0], reward: 5)
    #expect(buffer.context(4).observations == [[3]])
    #expect(buffer.episodes.count == 1 && buffer.episodes[0].totalReward == 2)
    buffer.finishEpisode(terminated: false, truncated: true)
    buffer.append(observation: [4], action: [0], reward: 0)
    buffer.finishEpisode(terminated: true, truncated: false)
    #expect(buffer.episodes.map(\.totalReward) == [5, 0])
    buffer.finishEpisode(terminated: true, truncated: false)
    #expect(buffer.episodes.count == 2)
  }
}
