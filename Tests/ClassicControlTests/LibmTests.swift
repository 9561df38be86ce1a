import Foundation
import CLibm
import Testing

@testable import ClassicControl

@Suite struct LibmTests {
  /// xorshift64: a fixed, dependency-free input stream.
  struct Inputs: Sequence, IteratorProtocol {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let scale: Double
    mutating func next() -> Double? {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return (Double(state >> 11) * 0x1p-53 - 0.5) * scale
    }
  }

  @Test(arguments: [1e-3, 8.0, 60.0, 1e6])
  func fastSquareEqualsGlibcPow(scale: Double) {
    var mismatches = 0
    for x in Inputs(scale: scale).prefix(200_000) where libmSquare(x) != clibm_pow(x, 2) {
      mismatches += 1
    }
    #expect(mismatches == 0)
  }

  @Test(arguments: [1e-3, 4.0, 100.0])
  func fastFloatSquareEqualsGlibcPowf(scale: Double) {
    var mismatches = 0
    for x in Inputs(scale: scale).prefix(200_000) {
      let value = Float(x)
      if libmSquare(value) != clibm_powf(value, 2) { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }

  @Test func sincosEqualsSinAndCos() {
    for x in Inputs(scale: 200).prefix(100_000) {
      let pair = sineCosine(x)
      #expect(pair.sin == sin(x) && pair.cos == cos(x))
    }
  }
}

