import Foundation

/// The Acrobot's state: link angles and angular velocities (Float64).
struct AcrobotState: Sendable, Equatable {
  var theta1: Double
  var theta2: Double
  var dtheta1: Double
  var dtheta2: Double
}

/// The Acrobot equations of motion ("book" variant) and Gymnasium's RK4 step, in Python's exact
/// operation order (ENVIRONMENTS.md §3.5; `conformance/ref_models.py`).
enum AcrobotDynamics {
  static let m1 = 1.0, m2 = 1.0, l1 = 1.0, lc1 = 0.5, lc2 = 0.5, i1 = 1.0, i2 = 1.0, g = 9.8

  /// The time derivative of `(θ1, θ2, θ̇1, θ̇2)` under joint torque `a`.
  ///
  /// ```
  /// d1 = m1·lc1² + m2·(l1² + lc2² + 2·l1·lc2·cos θ2) + I1 + I2
  /// d2 = m2·(lc2² + l1·lc2·cos θ2) + I2
  /// φ2 = m2·lc2·g·cos(θ1 + θ2 − π/2)
  /// φ1 = −m2·l1·lc2·θ̇2²·sin θ2 − 2·m2·l1·lc2·θ̇2·θ̇1·sin θ2 + (m1·lc1 + m2·l1)·g·cos(θ1 − π/2) + φ2
  /// θ̈2 = (a + d2/d1·φ1 − m2·l1·lc2·θ̇1²·sin θ2 − φ2) / (m2·lc2² + I2 − d2²/d1)
  /// θ̈1 = −(d2·θ̈2 + φ1) / d1
  /// ```
  /// Squares of state variables use libm `pow` (Python `x ** 2`); squares of constants are exact.
  /// - Parameter angle2: `sincos(θ2)` when the caller already has it.
  static func derivative(
    _ y: AcrobotState, torque a: Double, angle2: (sin: Double, cos: Double)? = nil
  ) -> AcrobotState {
    let (s2, c2) = angle2 ?? sineCosine(y.theta2)
    let d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * c2) + i1 + i2
    let d2 = m2 * (lc2 * lc2 + l1 * lc2 * c2) + i2
    let phi2 = m2 * lc2 * g * cos(y.theta1 + y.theta2 - Double.pi / 2.0)
    let phi1 =
      -m2 * l1 * lc2 * libmSquare(y.dtheta2) * s2 - 2 * m2 * l1 * lc2 * y.dtheta2 * y.dtheta1 * s2
      + (m1 * lc1 + m2 * l1) * g * cos(y.theta1 - Double.pi / 2) + phi2
    let ddtheta2 =
      (a + d2 / d1 * phi1 - m2 * l1 * lc2 * libmSquare(y.dtheta1) * s2 - phi2)
      / (m2 * (lc2 * lc2) + i2 - libmSquare(d2) / d1)
    let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return AcrobotState(theta1: y.dtheta1, theta2: y.dtheta2, dtheta1: ddtheta1, dtheta2: ddtheta2)
  }

  /// One classical RK4 step over `[0, dt]` (Gymnasium's `rk4` with two time points).
  /// - Parameter angle2: `sincos(y0.θ2)` when the caller already has it (from the last observation).
  static func rungeKutta4(
    _ y0: AcrobotState, torque: Double, dt: Double, angle2: (sin: Double, cos: Double)? = nil
  ) -> AcrobotState {
    let dt2 = dt / 2.0
    let k1 = derivative(y0, torque: torque, angle2: angle2)
    let k2 = derivative(y0.adding(k1, scaledBy: dt2), torque: torque)
    let k3 = derivative(y0.adding(k2, scaledBy: dt2), torque: torque)
    let k4 = derivative(y0.adding(k3, scaledBy: dt), torque: torque)
    let h = dt / 6.0
    func combine(_ y: Double, _ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
      y + h * (a + 2 * b + 2 * c + d)
    }
    return AcrobotState(
      theta1: combine(y0.theta1, k1.theta1, k2.theta1, k3.theta1, k4.theta1),
      theta2: combine(y0.theta2, k1.theta2, k2.theta2, k3.theta2, k4.theta2),
      dtheta1: combine(y0.dtheta1, k1.dtheta1, k2.dtheta1, k3.dtheta1, k4.dtheta1),
      dtheta2: combine(y0.dtheta2, k1.dtheta2, k2.dtheta2, k3.dtheta2, k4.dtheta2))
  }
}

extension AcrobotState {
  /// `self + scale · k`, componentwise (`y0 + dt2 * k1` in NumPy).
  func adding(_ k: AcrobotState, scaledBy scale: Double) -> AcrobotState {
    AcrobotState(
      theta1: theta1 + scale * k.theta1, theta2: theta2 + scale * k.theta2,
      dtheta1: dtheta1 + scale * k.dtheta1, dtheta2: dtheta2 + scale * k.dtheta2)
  }
}
