import Parallelism
import Testing

@Suite struct DisjointSlotsTests {
  /// Arrays stored by three threads at interleaved indices all arrive, each at its own index.
  @Test func everyThreadsStoresArriveAtTheirIndices() {
    let pool = WorkerPool(threads: 3)
    for round in 0..<200 {
      let slots = DisjointSlots<[Int]>(repeating: [], count: 31)
      pool.run { part in
        for index in stride(from: part, to: slots.count, by: 3) { slots[index] = [index, round, part] }
      }
      #expect(slots.elements == (0..<31).map { [$0, round, $0 % 3] })
    }
  }

  /// Initial values are kept where nothing was stored.
  @Test func unwrittenSlotsKeepTheirValue() {
    let slots = DisjointSlots<String>(repeating: "empty", count: 3)
    slots[1] = "one"
    #expect(slots.elements == ["empty", "one", "empty"])
    #expect(DisjointSlots<Int>(repeating: 0, count: 0).elements.isEmpty)
  }
}
