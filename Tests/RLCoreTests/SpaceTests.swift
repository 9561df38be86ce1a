import RLCore
import Testing

@Suite struct SpaceTests {
  @Test func discreteContainsOnlyItsRange() {
    let space = Discrete(3, start: -1)
    #expect(space.contains(-1) && space.contains(1))
    #expect(!space.contains(2) && !space.contains(-2) && !space.contains(Int.max) && !space.contains(Int.min))
  }

  @Test func discreteSampleIsReproducibleAndIndependentOfOtherGenerators() {
    var a = Discrete(5)
    var b = Discrete(5)
    a.seed(7)
    b.seed(7)
    let first = (0..<50).map { _ in a.sample() }
    #expect(first == (0..<50).map { _ in b.sample() })
    #expect(Set(first) == Set(0..<5))
    var c = Discrete(5)
    c.seed(8)
    #expect((0..<50).map { _ in c.sample() } != first)
  }

  @Test func discreteSampleMatchesNumPyIntegers() {
    // Gymnasium: Discrete(3).sample() is integers(0, 3) on the space's own generator.
    var space = Discrete(3)
    space.seed(0)
    var generator = NumPyGenerator(seed: 0)
    #expect((0..<8).map { _ in space.sample() } == (0..<8).map { _ in Int(generator.integers(0, 3)) })
  }

  @Test func boxContainsChecksLengthBoundsAndNaN() {
    let box = Box(low: [-1, -2], high: [1, 2])
    #expect(box.contains([1, -2]))
    #expect(!box.contains([1.0001, 0]))
    #expect(!box.contains([0]))
    #expect(!box.contains([.nan, 0]))
  }

  @Test func boundedBoxSampleIsUniformFromFloat32Bounds() {
    var box = Box(low: -2, high: 2, shape: [3])
    box.seed(3)
    var generator = NumPyGenerator(seed: 3)
    let expected = (0..<3).map { _ in Float(generator.uniform(-2, 2)) }
    #expect(box.sample() == expected)
  }

  @Test func boxClipMatchesNumPyClip() {
    let box = Box(low: [-1, 0], high: [1, 2])
    #expect(box.clip([-5, 2.5]) == [-1, 2])
    #expect(box.clip([0.25, 1]) == [0.25, 1])
  }

  @Test func summariesReadLikeGymnasium() {
    #expect(Space.discrete(Discrete(2)).summary == "Discrete(2)")
    #expect(Space.box(Box(low: -2, high: 2, shape: [1])).summary == "Box(-2.0, 2.0, (1,))")
  }
}
