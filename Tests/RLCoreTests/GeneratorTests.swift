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
