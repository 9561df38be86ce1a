import Foundation
import Testing

/// `sweep` with the local launcher: manifest, tasks, a failed task listed and resubmitted alone, the table.
/// (The Slurm launcher runs in Scripts/test_sweep_slurm.sh, which starts a one-node cluster.)
@Suite(.serialized) struct SweepCLITests {
  @Test func sweepRunsEveryTaskListsAFailureAndResubmitsItAlone() throws {
    let work = CLIRunner.temporaryFile("sweep")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try TrainingCLITests.dataset(work)
    let out = work.appendingPathComponent("grid").path
    let arguments = ["sweep", "--grid", "time-steps=1,2", "--seeds", "1", "--envs", "CartPole", "--data", data, "--steps", "2",
      "--episodes", "1", "--jobs", "2", "--out", out]
    let first = try CLIRunner.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/sweep.json"))) as? [String: Any]
    let runs = manifest?["runs"] as? [[String: Any]] ?? []
    #expect(runs.map { $0["directory"] as? String } == ["CartPole-v1/time-steps=1/seed-0", "CartPole-v1/time-steps=2/seed-0"])
    let kept = "\(out)/CartPole-v1/time-steps=1/seed-0/sweep-result.json"
    let before = try Data(contentsOf: URL(fileURLWithPath: kept))
    // Run 1 loses its result and its checkpoint is corrupted: resubmitting fails that task alone, status names it.
    let broken = "\(out)/CartPole-v1/time-steps=2/seed-0"
    try FileManager.default.removeItem(atPath: "\(broken)/sweep-result.json")
    try Data("garbage".utf8).write(to: URL(fileURLWithPath: "\(broken)/latest"))
    let failing = try CLIRunner.run(["sweep", "resubmit", out])
    #expect(failing.status != 0 && failing.stderr.contains("1 of 1 tasks failed (indices 1)"), "\(failing.stderr)")
    let status = try CLIRunner.run(["sweep", "status", out])
    #expect(status.stdout.contains("2 runs: 1 done, 1 failed") && status.stdout.contains("failed 1 CartPole-v1/time-steps=2/seed-0"),
      "\(status.stdout)")
    let incomplete = try CLIRunner.run(["sweep", "collect", out])
    #expect(incomplete.status != 0 && incomplete.stderr.contains("1 of 2 runs have no result (indices 1)"), "\(incomplete.stderr)")
    // Cleared, it runs again alone; the finished run is not touched.
    try FileManager.default.removeItem(atPath: broken)
    let again = try CLIRunner.run(["sweep", "resubmit", out, "--index", "1"])
    #expect(again.status == 0 && again.stdout.contains("ran 1 tasks locally"), "\(again.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == before)
    let collect = try CLIRunner.run(["sweep", "collect", out])
    #expect(collect.status == 0, "\(collect.stderr)")
    let csv = try String(contentsOfFile: "\(out)/results.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 3 && csv[0].hasPrefix("env,time-steps,seeds,return mean") && csv[2].hasPrefix("CartPole-v1,2,1,"), "\(csv)")
    // The same command again has nothing to run; another grid in the same folder is refused.
    let rerun = try CLIRunner.run(arguments)
    #expect(rerun.status == 0 && rerun.stdout.contains("nothing to run"), "\(rerun.stderr)")
    var other = arguments
    other[2] = "time-steps=1,4"
    let refused = try CLIRunner.run(other)
    #expect(refused.status != 0 && refused.stderr.contains("holds a different sweep"), "\(refused.stderr)")
  }

  @Test(arguments: [
    (["sweep", "--grid", "foo=1", "--envs", "CartPole"], "not a grid key"),
    (["sweep", "--grid", "context=4", "--envs", "CartPole,NoSuchEnv"], "NoSuchEnv"),
    (["sweep", "--grid", "context=4", "--envs", "CartPole", "--time", "90"], "--time 90"),
    (["sweep", "--grid", "context=4", "--envs", "CartPole", "--partition", "p"], "are for --launcher slurm"),
    (["sweep", "status", "/no/such/sweep"], "/no/such/sweep/sweep.json: no such sweep manifest"),
    (["sweep", "run-task", "--manifest", "/no/such/sweep", "--index", "0"], "no such sweep manifest"),
  ])
  func badSweepArgumentsAreOneLineErrors(arguments: [String], message: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}
