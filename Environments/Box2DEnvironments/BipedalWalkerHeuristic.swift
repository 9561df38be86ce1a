public import RLCore

/// Gymnasium's `BipedalWalkerHeuristics`: a three-phase gait state machine (stay on one leg, put the
/// other down, push off) with PD targets on hips and knees, a hull-levelling term and vertical damping.
///
/// As in Gymnasium's demo, the first action after a reset is zero torque. The controller "has no
/// notion of balance" (Gymnasium's words): it falls on most seeds.
public struct BipedalWalkerHeuristic: Policy {
  enum Phase { case stayOnOneLeg, putOtherDown, pushOff }
  static let speed: Float = 0.29
  static let supportKneeAngle: Float = 0.1

  var phase = Phase.stayOnOneLeg
  var movingLeg = 0
  var supportingLeg = 1
  var supportingKneeAngle = BipedalWalkerHeuristic.supportKneeAngle
  var isFirstStep = true

  /// Creates the controller.
  public init() {}

  /// Starts a new episode in the initial phase.
  public mutating func reset(seed: UInt64?) {
    self = BipedalWalkerHeuristic()
  }

  /// The gait controller's motor commands for an observation.
  public mutating func action(for s: [Float]) -> Action {
    if isFirstStep {
      isFirstStep = false
      return .continuous([0, 0, 0, 0])
    }
    var hipTarget: [Float?] = [nil, nil]
    var kneeTarget: [Float?] = [nil, nil]
    updatePhase(s, hipTarget: &hipTarget, kneeTarget: &kneeTarget)
    var hip: [Float] = [0, 0]
    var knee: [Float] = [0, 0]
    for leg in 0..<2 {
      // Python's truthiness: a target of None or exactly 0 is ignored.
      if let target = hipTarget[leg], target != 0 { hip[leg] = 0.9 * (target - s[4 + 5 * leg]) - 0.25 * s[5 + 5 * leg] }
      if let target = kneeTarget[leg], target != 0 {
        knee[leg] = 4.0 * (target - s[6 + 5 * leg]) - 0.25 * s[7 + 5 * leg]
      }
      hip[leg] -= 0.9 * (0 - s[0]) - 1.5 * s[1]
      knee[leg] -= 15.0 * s[3]
    }
    return .continuous([hip[0], knee[0], hip[1], knee[1]].map { min(max(0.5 * $0, -1), 1) })
  }

  private mutating func updatePhase(_ s: [Float], hipTarget: inout [Float?], kneeTarget: inout [Float?]) {
    let movingBase = 4 + 5 * movingLeg
    let supportingBase = 4 + 5 * supportingLeg
    if phase == .stayOnOneLeg {
      hipTarget[movingLeg] = 1.1
      kneeTarget[movingLeg] = -0.6
      supportingKneeAngle += 0.03
      if s[2] > Self.speed { supportingKneeAngle += 0.03 }
      supportingKneeAngle = min(supportingKneeAngle, Self.supportKneeAngle)
      kneeTarget[supportingLeg] = supportingKneeAngle
      if s[supportingBase] < 0.10 { phase = .putOtherDown }
    }
    if phase == .putOtherDown {
      hipTarget[movingLeg] = 0.1
      kneeTarget[movingLeg] = Self.supportKneeAngle
      kneeTarget[supportingLeg] = supportingKneeAngle
      if s[movingBase + 4] != 0 {
        phase = .pushOff
        supportingKneeAngle = min(s[movingBase + 2], Self.supportKneeAngle)
      }
    }
    if phase == .pushOff {
      kneeTarget[movingLeg] = supportingKneeAngle
      kneeTarget[supportingLeg] = 1.0
      if s[supportingBase + 2] > 0.88 || s[2] > 1.2 * Self.speed {
        phase = .stayOnOneLeg
        movingLeg = 1 - movingLeg
        supportingLeg = 1 - movingLeg
      }
    }
  }
}
