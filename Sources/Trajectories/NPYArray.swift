/// One array of an `.npy` file: dtype, shape and little-endian C-order bytes.
public struct NPYArray: Sendable, Equatable {
  /// The element types this toolkit reads and writes.
  public enum DType: Sendable, Equatable, CustomStringConvertible {
    /// `<f4`
    case float32
    /// `<f8`
    case float64
    /// `|b1`
    case bool
    /// `<i8`
    case int64
    /// `<i4`
    case int32
    /// `|u1`
    case uint8
    /// `<U{n}`: fixed-width UTF-32 strings of `n` characters.
    case unicode(Int)

    /// The numpy `descr` string.
    public var description: String {
      switch self {
      case .float32: "<f4"
      case .float64: "<f8"
      case .bool: "|b1"
      case .int64: "<i8"
      case .int32: "<i4"
      case .uint8: "|u1"
      case .unicode(let count): "<U\(count)"
      }
    }

    /// Bytes per element.
    public var itemSize: Int {
      switch self {
      case .float32, .int32: 4
      case .float64, .int64: 8
      case .bool, .uint8: 1
      case .unicode(let count): 4 * count
      }
    }

    /// Parses a numpy `descr`; `=`/`<` little-endian and `|` are accepted, big-endian is not.
    init?(descr: String) {
      switch descr {
      case "<f4", "=f4": self = .float32
      case "<f8", "=f8": self = .float64
      case "|b1": self = .bool
      case "<i8", "=i8": self = .int64
      case "<i4", "=i4": self = .int32
      case "|u1": self = .uint8
      default:
        guard descr.hasPrefix("<U"), let count = Int(descr.dropFirst(2)), count >= 0, count < 1 << 20 else {
          return nil
        }
        self = .unicode(count)
      }
    }
  }

  /// The element type.
  public let dtype: DType
  /// The shape (empty for a scalar).
  public let shape: [Int]
  /// The raw little-endian bytes, `shape.product * dtype.itemSize` of them.
  public let bytes: [UInt8]

  /// Wraps raw bytes.
  /// - Parameters:
  ///   - dtype: the element type.
  ///   - shape: the shape.
  ///   - bytes: exactly `elementCount * itemSize` bytes.
  public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
    precondition(bytes.count == shape.reduce(1, *) * dtype.itemSize, "byte count does not match the shape")
    self.dtype = dtype
    self.shape = shape
    self.bytes = bytes
  }

  /// The number of elements.
  public var elementCount: Int { shape.reduce(1, *) }

  /// A Float32 array.
  public init(float32 values: [Float], shape: [Int]) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * 4)
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    self.init(dtype: .float32, shape: shape, bytes: bytes)
  }

  /// A boolean array.
  public init(bool values: [Bool], shape: [Int]) {
    self.init(dtype: .bool, shape: shape, bytes: values.map { $0 ? 1 : 0 })
  }

  /// A scalar unicode string (numpy `<U{n}` with shape `()`), as `np.array(text)` stores it.
  public init(string text: String) {
    let scalars = Array(text.unicodeScalars)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count * 4)
    for scalar in scalars { withUnsafeBytes(of: scalar.value.littleEndian) { bytes += $0 } }
    self.init(dtype: .unicode(scalars.count), shape: [], bytes: bytes)
  }

  /// The elements as Float32 (nil unless the dtype is float32).
  public var floatValues: [Float]? {
    guard dtype == .float32 else { return nil }
    return stride(from: 0, to: bytes.count, by: 4).map { Float(bitPattern: word(at: $0)) }
  }

  /// The little-endian 32-bit word at a byte offset.
  private func word(at offset: Int) -> UInt32 {
    var value: UInt32 = 0
    for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
    return value
  }

  /// The elements as Bool (nil unless the dtype is bool).
  public var boolValues: [Bool]? {
    guard dtype == .bool else { return nil }
    return bytes.map { $0 != 0 }
  }

  /// The scalar string (nil unless a unicode array); trailing NULs are dropped as numpy does.
  public var stringValue: String? {
    guard case .unicode = dtype else { return nil }
    var text = String.UnicodeScalarView()
    for offset in stride(from: 0, to: bytes.count, by: 4) {
      let value = word(at: offset)
      if value == 0 { break }
      guard let scalar = Unicode.Scalar(value) else { return nil }
      text.append(scalar)
    }
    return String(text)
  }
}
