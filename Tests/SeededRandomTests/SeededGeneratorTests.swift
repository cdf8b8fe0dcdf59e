import Testing
import SeededRandom

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameStream() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func derivedStreamsDifferAndRepeat() {
        var first = SeededGenerator(seed: 7, stream: [1, 0])
        var second = SeededGenerator(seed: 7, stream: [1, 1])
        var again = SeededGenerator(seed: 7, stream: [1, 0])
        let a = (0..<8).map { _ in first.next() }
        #expect(a != (0..<8).map { _ in second.next() })
        #expect(a == (0..<8).map { _ in again.next() })
    }

    @Test func boundedIntegersAreUniform() {
        var generator = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 6)
        let draws = 60_000
        for _ in 0..<draws { counts[generator.nextInt(below: 6)] += 1 }
        // Each bucket expects 10,000 with sd ≈ 91; 5 sd is a failure that cannot be luck.
        for count in counts { #expect(abs(count - draws / 6) < 460) }
    }

    @Test func normalSamplesHaveUnitMoments() {
        var generator = SeededGenerator(seed: 11)
        let samples = (0..<100_000).map { _ in generator.nextNormal() }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.02)
        #expect(abs(variance - 1) < 0.02)
    }

    @Test func sampleDrawsDistinctIndices() {
        var generator = SeededGenerator(seed: 5)
        let picked = generator.sample(20, from: 30)
        #expect(Set(picked).count == 20)
        #expect(picked.allSatisfy { (0..<30).contains($0) })
    }
}
