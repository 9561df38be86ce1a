import RLCore
import Testing

@Suite struct GeneratorTests {
  // Reference values: numpy 2.4.6, np.random.SeedSequence(0).generate_state(4, np.uint64) and
  // Generator(PCG64(SeedSequence(0))).random() (conformance/traces/rng_pcg64.jsonl, seed 0).
  @Test func seedSequenceAndFirstDrawsMatchNumPy() {
    #expect(
      SeedSequence(0).generateState64(count: 4) == [
        15_793_235_383_387_715_774, 12_390_638_538_380_655_177, 2_361_836_109_651_742_017,
        3_188_717_715_514_472_916,
      ])
    var generator = NumPyGenerator(seed: 0)
    #expect(generator.random() == 0.6369616873214543)
    #expect(generator.random() == 0.2697867137638703)
  }

  @Test func uniformFormsTheRangeFirst() {
    var a = NumPyGenerator(seed: 9)
    var b = NumPyGenerator(seed: 9)
    let value = a.uniform(-0.6, -0.4)
    #expect(value == -0.6 + 0.19999999999999996 * b.random())
  }

  @Test func integersCoversSmallAndWideRanges() {
    var generator = NumPyGenerator(seed: 1)
    let small = (0..<200).map { _ in generator.integers(5, 10) }
    #expect(small.allSatisfy { (5..<10).contains($0) } && Set(small).count == 5)
    let wide = (0..<50).map { _ in generator.integers(0, (1 << 40) + 3) }
    #expect(wide.allSatisfy { (0..<((1 << 40) + 3)).contains($0) })
    #expect(generator.integers(7, 8) == 7)
  }

  @Test func wideSeedsUseTwoWords() {
    #expect(SeedSequence(1 << 32).pool == SeedSequence(words: [0, 1]).pool)
    #expect(SeedSequence(1 << 32).pool != SeedSequence(0).pool)
  }
}

/// `zigguratNormal` against NumPy 2.4's `default_rng(seed).standard_normal` (values printed by NumPy).
@Suite struct ZigguratNormalTests {
  @Test func firstDrawsAgreeWithNumPy() {
    var generator = NumPyGenerator(seed: 0)
    let numpy = [
      0.1257302210933933, -0.1321048632913019, 0.6404226504432821, 0.10490011715303971, -0.535669373161111,
      0.36159505490948474, 1.3040000451301372, 0.9470809631292422,
    ]
    for expected in numpy {
      let value = generator.zigguratNormal()
      #expect(abs(value - expected) <= 1e-14 * max(1, abs(expected)), "\(value) vs \(expected)")
    }
  }

  /// 10⁵ draws (tail and wedge branches included): the same stream consumption (the next uniform is NumPy's),
  /// the sum, the last draw and the largest magnitude.
  @Test func longStreamStaysInStepWithNumPy() {
    var generator = NumPyGenerator(seed: 42)
    var (sum, last, largest) = (0.0, 0.0, 0.0)
    for _ in 0..<100_000 {
      last = generator.zigguratNormal()
      sum += last
      largest = max(largest, abs(last))
    }
    #expect(abs(sum - -423.29302789228404) < 1e-9)
    #expect(abs(last - 0.6545907384733584) < 1e-14)
    #expect(abs(largest - 5.0072352319089966) < 1e-13)
    #expect(generator.random() == 0.4653811406661367)
  }
}
