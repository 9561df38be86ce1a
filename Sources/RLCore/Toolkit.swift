/// Facts about this toolkit recorded in the files it writes.
public enum Toolkit {
  /// The toolkit's semantic version.
  public static let version = "0.1.0"
  /// The Gymnasium release the environments reproduce.
  public static let gymnasiumVersion = "1.4.0"
}
