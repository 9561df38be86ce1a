import CMuJoCo
public import RLCore

/// Owns one compiled MuJoCo model and its data behind the C shim; frees both on deinit.
///
/// MuJoCo's structs stay in C: Swift holds an opaque pointer only. Environments that hold a simulation share it
/// when copied — build a new environment instead (the registry's factory does).
final class MuJoCoSimulation: @unchecked Sendable {
  private let handle: OpaquePointer
  /// Position coordinates, degrees of freedom and actuators.
  let nq: Int, nv: Int, nu: Int
  /// The integrator's step in seconds.
  let timestep: Double

  /// Compiles the MJCF file at `path`.
  /// - Throws: `EnvironmentError.invalidOption` (`xml_file`) with MuJoCo's reason when the file does not compile.
  init(path: String, environment: String) throws(EnvironmentError) {
    var error = [CChar](repeating: 0, count: 1000)
    guard let handle = smr_mj_load(path, &error, Int32(error.count)) else {
      let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw .invalidOption(environment: environment, name: "xml_file", reason: "\(path) does not compile: \(reason)")
    }
    self.handle = handle
    (nq, nv, nu) = (Int(smr_mj_nq(handle)), Int(smr_mj_nv(handle)), Int(smr_mj_nu(handle)))
    timestep = smr_mj_timestep(handle)
  }

  deinit { smr_mj_free(handle) }

  /// The reference configuration `qpos0` (Gymnasium's `init_qpos`).
  var referencePositions: [Double] {
    [Double](unsafeUninitializedCapacity: nq) { buffer, count in
      smr_mj_qpos0(handle, buffer.baseAddress)
      count = nq
    }
  }

  /// The actuators' control ranges (`ctrlrange`; unlimited actuators get ±∞).
  var controlRanges: [ClosedRange<Double>] {
    (0..<nu).map { i in
      var (low, high) = (0.0, 0.0)
      return smr_mj_ctrl_range(handle, Int32(i), &low, &high) != 0 ? low...high : -Double.infinity...Double.infinity
    }
  }

  /// `mj_resetData`.
  func reset() { smr_mj_reset(handle) }

  /// Positions `(nq)` and velocities `(nv)`.
  var state: (qpos: [Double], qvel: [Double]) {
    var qpos = [Double](repeating: 0, count: nq), qvel = [Double](repeating: 0, count: nv)
    smr_mj_get_state(handle, &qpos, &qvel)
    return (qpos, qvel)
  }

  /// Sets positions and velocities, then `mj_forward` (Gymnasium's `set_state`).
  func setState(qpos: [Double], qvel: [Double]) {
    precondition(qpos.count == nq && qvel.count == nv, "state sizes (\(qpos.count), \(qvel.count)) != (\(nq), \(nv))")
    smr_mj_set_state(handle, qpos, qvel)
  }

  /// Sets the controls and advances `frames` integrator steps (Gymnasium's `do_simulation`).
  /// - Returns: MuJoCo's instability warnings during the steps (it resets the data itself on one).
  @discardableResult
  func step(controls: [Double], frames: Int) -> Int {
    precondition(controls.count == nu, "\(controls.count) controls for \(nu) actuators")
    return Int(smr_mj_step(handle, controls, Int32(frames)))
  }

  /// The compiled model's physical constants (see `smr_mj_model_constants`): masses and inertias per body,
  /// joint ranges, actuator gears and control ranges, solver options.
  var constants: [Double] {
    let count = 4 * Int(smr_mj_nbody(handle)) + 2 * Int(smr_mj_njnt(handle)) + 3 * nu + 4
    return [Double](unsafeUninitializedCapacity: count) { buffer, written in
      written = Int(smr_mj_model_constants(handle, buffer.baseAddress))
    }
  }
}
