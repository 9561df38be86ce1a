import CKernels
import Testing

/// `smr_transpose`: full 16 × 16 tiles (AVX-512F shuffles where available) and the partial edges agree with the
/// definition `y[c, r] = x[r, c]` for every shape class.
@Suite struct TransposeKernelTests {
  @Test(arguments: [(1, 1), (16, 16), (32, 48), (17, 33), (5, 70), (256, 1024), (1024, 256), (15, 15)])
  func transposeMatchesTheDefinition(rows: Int, columns: Int) {
    let x = (0..<(rows * columns)).map { Float($0) * 0.5 - 3 }
    var y = [Float](repeating: .nan, count: rows * columns)
    smr_transpose(x, rows, columns, &y)
    var mismatches = 0
    for r in 0..<rows { for c in 0..<columns where y[c * rows + r] != x[r * columns + c] { mismatches += 1 } }
    #expect(mismatches == 0, "\(rows) × \(columns)")
  }
}
