import Foundation

/// Gymnasium 1.4.0 + mujoco 3.3.5 reference data (`Fixtures/make_mujoco_reference.py`).
struct MuJoCoReference: Decodable {
  struct Constants: Decodable {
    let body_mass: [Double], body_inertia: [Double], jnt_range: [Double], actuator_gear: [Double], ctrlrange: [Double]
    let timestep: Double, iterations: Double, tolerance: Double, gravity_z: Double

    /// In the order of `smr_mj_model_constants`.
    var flattened: [Double] {
      var values: [Double] = []
      for b in body_mass.indices { values += [body_mass[b]] + body_inertia[(3 * b)..<(3 * b + 3)] }
      values += jnt_range
      for a in actuator_gear.indices { values += [actuator_gear[a], ctrlrange[2 * a], ctrlrange[2 * a + 1]] }
      return values + [timestep, iterations, tolerance, gravity_z]
    }
  }
  struct ResetRecord: Decodable { let seed: UInt64, obs: [Double] }
  struct TransitionRecord: Decodable {
    let qpos: [Double], qvel: [Double], action: [Double], obs: [Double], reward: Double, terminated: Bool
    let next_qpos: [Double], next_qvel: [Double]
  }
  struct EpisodeRecord: Decodable {
    let seed: UInt64, `return`: Double, length: Int
  }
  let gymnasium: String, mujoco: String, env: String
  let constants: Constants
  let resets: [ResetRecord]
  let transitions: [TransitionRecord]
  let episodes: [EpisodeRecord]

  static func load(_ name: String) throws -> MuJoCoReference {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    return try JSONDecoder().decode(MuJoCoReference.self, from: Data(contentsOf: url))
  }
}
