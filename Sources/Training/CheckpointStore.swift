public import Foundation
public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// Checkpoint directories on disk.
///
/// A run directory holds `step-<N>/` checkpoints and a `latest` pointer (a one-line file naming one).
/// A checkpoint directory holds `model.safetensors` (parameters, buffers as PyTorch's state_dict holds them:
/// F32 statistics, I64 counters, BOOL masks; `__metadata__` with `CheckpointMetadata`), `optimizer.safetensors`
/// (AdamW's `exp_avg.<name>` / `exp_avg_sq.<name>`, step), `trainer.json` (`TrainerProgress`), `metrics.jsonl`
/// (the run's lines so far) and `config.json` (the resolved configuration). Writes are atomic: everything
/// goes to a temporary sibling directory, which is renamed into place, and only then is `latest` replaced
/// (temporary file, then rename): a process killed at any point leaves the previous checkpoint and pointer
/// whole. Temporary leftovers of a killed writer are removed by the next one.
public enum CheckpointStore {
  /// Refuses to start a new run in a directory that holds one (a `latest` pointer or a checkpoint).
  /// - Throws: `TrainerError.runExists`.
  public static func requireFresh(run: String) throws(TrainerError) {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: run)) ?? []
    if entries.contains(where: { $0 == "latest" || $0.hasPrefix("step-") }) { throw .runExists(path: run) }
  }

  /// The name of checkpoint `step`.
  public static func directoryName(step: Int) -> String { String(format: "step-%08d", step) }

  /// Writes a checkpoint into `run` and points `latest` at it; keeps the newest `keep` checkpoints.
  /// - Returns: the checkpoint's directory.
  /// - Throws: `TrainerError.io`.
  @discardableResult
  public static func write(
    _ checkpoint: Checkpoint, run: String, configuration: Data, metrics: Data, keep: Int = 3
  ) throws(TrainerError) -> String {
    let files = FileManager.default
    let name = directoryName(step: checkpoint.progress.step)
    let final = (run as NSString).appendingPathComponent(name)
    let temporary = (run as NSString).appendingPathComponent(".\(name).tmp-\(UUID().uuidString)")
    do {
      try files.createDirectory(atPath: run, withIntermediateDirectories: true)
      removeLeftovers(run)
      try files.createDirectory(atPath: temporary, withIntermediateDirectories: false)
      try Safetensors.write(modelContents(checkpoint), to: (temporary as NSString).appendingPathComponent("model.safetensors"))
      try Safetensors.write(optimizerContents(checkpoint), to: (temporary as NSString).appendingPathComponent("optimizer.safetensors"))
      try encoder.encode(checkpoint.progress).write(to: URL(fileURLWithPath: (temporary as NSString).appendingPathComponent("trainer.json")))
      try metrics.write(to: URL(fileURLWithPath: (temporary as NSString).appendingPathComponent("metrics.jsonl")))
      try configuration.write(to: URL(fileURLWithPath: (temporary as NSString).appendingPathComponent("config.json")))
      if files.fileExists(atPath: final) {
        let trash = (run as NSString).appendingPathComponent(".\(name).old-\(UUID().uuidString)")
        try files.moveItem(atPath: final, toPath: trash)
        try files.moveItem(atPath: temporary, toPath: final)
        try? files.removeItem(atPath: trash)
      } else {
        try files.moveItem(atPath: temporary, toPath: final)
      }
      try Data("\(name)\n".utf8).write(to: URL(fileURLWithPath: (run as NSString).appendingPathComponent("latest")), options: .atomic)
    } catch let error as SafetensorsError {
      try? files.removeItem(atPath: temporary)
      throw .io(path: temporary, reason: error.description)
    } catch {
      try? files.removeItem(atPath: temporary)
      throw .io(path: final, reason: error.localizedDescription)
    }
    prune(run, keep: keep, current: name)
    return final
  }

  /// The checkpoint directory `path` designates: a run directory (its `latest`) or a checkpoint directory.
  /// - Throws: `TrainerError.checkpoint` when neither.
  public static func resolve(_ path: String) throws(TrainerError) -> String {
    let files = FileManager.default
    if files.fileExists(atPath: (path as NSString).appendingPathComponent("model.safetensors")) { return path }
    let pointer = (path as NSString).appendingPathComponent("latest")
    guard files.fileExists(atPath: path) else { throw .checkpoint(path: path, field: "directory", reason: "no such directory") }
    guard let data = files.contents(atPath: pointer), let text = String(data: data, encoding: .utf8) else {
      throw .checkpoint(path: path, field: "latest", reason: "neither a checkpoint (model.safetensors) nor a run directory (latest)")
    }
    let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard name.hasPrefix("step-"), !name.contains("/") else { throw .checkpoint(path: pointer, field: "latest", reason: "names '\(name)'") }
    let target = (path as NSString).appendingPathComponent(name)
    guard files.fileExists(atPath: (target as NSString).appendingPathComponent("model.safetensors")) else {
      throw .checkpoint(path: target, field: "model.safetensors", reason: "missing (latest points to an incomplete checkpoint)")
    }
    return target
  }

  /// Reads the checkpoint `path` designates (see `resolve`).
  /// - Throws: `TrainerError.checkpoint` naming the file and field of any problem.
  public static func read(_ path: String) throws(TrainerError) -> Checkpoint {
    let directory = try resolve(path)
    let modelPath = (directory as NSString).appendingPathComponent("model.safetensors")
    let model = try safetensors(modelPath)
    guard let json = model.metadata["spikingmind"] else {
      throw .checkpoint(path: modelPath, field: "__metadata__.spikingmind", reason: "missing")
    }
    let metadata: CheckpointMetadata = try decode(Data(json.utf8), path: modelPath, field: "__metadata__.spikingmind")
    let optimizerPath = (directory as NSString).appendingPathComponent("optimizer.safetensors")
    let optimizer = try readOptimizer(try safetensors(optimizerPath), path: optimizerPath)
    let trainerPath = (directory as NSString).appendingPathComponent("trainer.json")
    guard let trainerData = FileManager.default.contents(atPath: trainerPath) else {
      throw .checkpoint(path: trainerPath, field: "file", reason: "missing or unreadable")
    }
    let progress: TrainerProgress = try decode(trainerData, path: trainerPath, field: "trainer.json")
    var (parameters, buffers, extras) = (ParameterStore(), BufferStore(), [String: Tensor]())
    for (name, tensor) in model.tensors {
      if name.hasPrefix("extra.") { extras[String(name.dropFirst(6))] = tensor } else if isBuffer(name) {
        buffers[tensor: name] = tensor
      } else {
        parameters[name] = tensor
      }
    }
    for (name, tensor) in model.integers {
      if tensor.dtype == .bool {
        buffers[mask: name] = Tensor(shape: tensor.shape, scalars: tensor.values.map { Float($0) })
      } else {
        guard tensor.shape.isEmpty, let value = tensor.values.first else {
          throw .checkpoint(path: modelPath, field: name, reason: "an I64 buffer must be a scalar, has shape \(tensor.shape)")
        }
        buffers[counter: name] = value
      }
    }
    return Checkpoint(metadata: metadata, state: ModelState(parameters: parameters, buffers: buffers), optimizer: optimizer,
      progress: progress, extras: extras)
  }

  /// Buffers among the Float32 tensors: batch-norm running statistics.
  static func isBuffer(_ name: String) -> Bool { name.hasSuffix(".running_mean") || name.hasSuffix(".running_var") }

  static func modelContents(_ c: Checkpoint) throws -> Safetensors.Contents {
    var tensors = c.state.parameters.names.compactMap { name in c.state.parameters[name].map { (name, $0) } }
    var integers: [(name: String, tensor: Safetensors.IntegerTensor)] = []
    for name in c.state.buffers.tensorNames {
      guard let tensor = c.state.buffers[tensor: name] else { continue }
      if c.state.buffers.booleanNames.contains(name) {
        integers.append((name, .init(dtype: .bool, shape: tensor.shape, values: tensor.scalars.map { $0 != 0 ? 1 : 0 })))
      } else {
        tensors.append((name, tensor))
      }
    }
    for name in c.state.buffers.counterNames {
      if let value = c.state.buffers[counter: name] { integers.append((name, .init(dtype: .i64, shape: [], values: [value]))) }
    }
    for name in c.extras.keys.sorted() { if let tensor = c.extras[name] { tensors.append(("extra.\(name)", tensor)) } }
    let json = String(decoding: try encoder.encode(c.metadata), as: UTF8.self)
    let meta = c.metadata
    return Safetensors.Contents(tensors: tensors, integers: integers, metadata: [
      "spikingmind": json, "format": meta.format, "env_id": meta.environment, "model": meta.model.summary,
      "step": "\(meta.step)", "return_scale": "\(meta.returnScale)", "context_length": "\(meta.model.contextLength)",
      "dataset_fingerprint": meta.datasetFingerprint, "toolkit_version": meta.toolkitVersion,
    ])
  }

  static func optimizerContents(_ c: Checkpoint) throws -> Safetensors.Contents {
    var tensors: [(name: String, tensor: Tensor)] = []
    let names = c.optimizer.firstMoments.keys.sorted()
    for name in names {
      guard let m = c.optimizer.firstMoments[name], let v = c.optimizer.secondMoments[name] else { continue }
      tensors.append(("exp_avg.\(name)", Tensor(shape: [m.count], scalars: m)))
      tensors.append(("exp_avg_sq.\(name)", Tensor(shape: [v.count], scalars: v)))
    }
    let configuration = String(decoding: try encoder.encode(c.optimizer.configuration), as: UTF8.self)
    return Safetensors.Contents(tensors: tensors, metadata: ["step": "\(c.optimizer.step)", "configuration": configuration])
  }

  static func readOptimizer(_ contents: Safetensors.Contents, path: String) throws(TrainerError) -> AdamW {
    guard let text = contents.metadata["step"], let step = Int(text), step >= 0 else {
      throw .checkpoint(path: path, field: "__metadata__.step", reason: "missing or not a step count")
    }
    let configuration: AdamW.Configuration = try decode(Data((contents.metadata["configuration"] ?? "").utf8), path: path,
      field: "__metadata__.configuration")
    var (first, second) = ([String: [Float]](), [String: [Float]]())
    for (name, tensor) in contents.tensors {
      if name.hasPrefix("exp_avg_sq.") { second[String(name.dropFirst(11))] = tensor.scalars } else if name.hasPrefix("exp_avg.") {
        first[String(name.dropFirst(8))] = tensor.scalars
      } else {
        throw .checkpoint(path: path, field: name, reason: "not an optimizer moment")
      }
    }
    guard Set(first.keys) == Set(second.keys) else {
      throw .checkpoint(path: path, field: "exp_avg/exp_avg_sq", reason: "first and second moments name different parameters")
    }
    return AdamW(configuration: configuration, step: step, firstMoments: first, secondMoments: second)
  }

  static func safetensors(_ path: String) throws(TrainerError) -> Safetensors.Contents {
    do { return try Safetensors.read(path) } catch {
      throw .checkpoint(path: path, field: "file", reason: error.description)
    }
  }

  static func decode<T: Decodable>(_ data: Data, path: String, field: String) throws(TrainerError) -> T {
    do { return try JSONDecoder().decode(T.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
      throw .checkpoint(path: path, field: "\(field).\(key.stringValue)", reason: "missing")
    } catch let DecodingError.typeMismatch(_, context) {
      throw .checkpoint(path: path, field: ([field] + context.codingPath.map(\.stringValue)).joined(separator: "."), reason: "wrong type")
    } catch let DecodingError.valueNotFound(_, context) {
      throw .checkpoint(path: path, field: ([field] + context.codingPath.map(\.stringValue)).joined(separator: "."), reason: "null")
    } catch let DecodingError.dataCorrupted(context) {
      throw .checkpoint(path: path, field: ([field] + context.codingPath.map(\.stringValue)).joined(separator: "."), reason: "not valid JSON")
    } catch {
      throw .checkpoint(path: path, field: field, reason: "\(error)")
    }
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }()

  /// Removes temporary directories of killed writers.
  static func removeLeftovers(_ run: String) {
    let files = FileManager.default
    for entry in (try? files.contentsOfDirectory(atPath: run)) ?? [] where entry.hasPrefix(".step-") {
      try? files.removeItem(atPath: (run as NSString).appendingPathComponent(entry))
    }
  }

  /// Keeps the newest `keep` checkpoints (and `current`).
  static func prune(_ run: String, keep: Int, current: String) {
    let files = FileManager.default
    let steps = ((try? files.contentsOfDirectory(atPath: run)) ?? []).filter { $0.hasPrefix("step-") }.sorted()
    for name in steps.dropLast(max(keep, 1)) where name != current {
      try? files.removeItem(atPath: (run as NSString).appendingPathComponent(name))
    }
  }
}
