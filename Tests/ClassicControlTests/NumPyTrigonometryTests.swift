import Foundation
import RLCore
import Testing

@testable import ClassicControl

@Suite struct NumPyTrigonometryTests {
  /// NumPy 2.4.6's `np.cos`/`np.sin` of Float32 inputs, bit for bit: 300 inputs in Acrobot's reset range
  /// where NumPy and `Float(glibc cos/sin)` disagree, random inputs, both Cody-Waite limits, zeros
  /// (Fixtures/make_numpy_trig_fixture.py).
  @Test func matchesNumPyBitForBit() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/numpy_trig_f32.json")
    let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let inputs = try #require(root["inputs"] as? [UInt32]).map(Float.init(bitPattern:))
    let cosines = try #require(root["cos"] as? [UInt32])
    let sines = try #require(root["sin"] as? [UInt32])
    #expect(inputs.count == 610)
    var glibcDisagreements = 0
    for (index, x) in inputs.enumerated() {
      #expect(NumPyTrigonometry.cos(x).bitPattern == cosines[index], "cos(\(x))")
      #expect(NumPyTrigonometry.sin(x).bitPattern == sines[index], "sin(\(x))")
      if Float(Foundation.cos(Double(x))).bitPattern != cosines[index] { glibcDisagreements += 1 }
    }
    // The fixture exercises what glibc alone would get wrong.
    #expect(glibcDisagreements > 100)
  }

  /// Acrobot's reset observation carries NumPy's Float32 cos/sin of its Float32 angles.
  @Test func acrobotResetUsesThem() throws {
    var acrobot = try EnvironmentRegistry(ClassicControl.specs).make("Acrobot-v1")
    for seed in 0..<50 as Range<UInt64> {
      let observation = try acrobot.reset(seed: seed).observation
      let state = acrobot.state
      let (theta1, theta2) = (Float(state[0]), Float(state[1]))
      #expect(observation[0] == NumPyTrigonometry.cos(theta1) && observation[1] == NumPyTrigonometry.sin(theta1))
      #expect(observation[2] == NumPyTrigonometry.cos(theta2) && observation[3] == NumPyTrigonometry.sin(theta2))
    }
  }
}
