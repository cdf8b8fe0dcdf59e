import MetaLearning
import Testing

/// Six rows of three classes: class 0 has one row, class 1 two, class 2 three.
@Suite struct ClassMeansTests {
    let rows = Tensor(shape: [6, 2], scalars: [1, 2, 3, 4, 7, 10, 0, 3, 3, 0, 6, 6])
    let labels = [1, 0, 1, 2, 2, 2]

    @Test func eachRowIsTheMeanOfItsClass() {
        // Class 0: (3, 4). Class 1: ((1 + 7)/2, (2 + 10)/2) = (4, 6). Class 2: (9/3, 9/3) = (3, 3).
        let means = rows.classMeans(labels: labels, classes: 3)
        #expect(means.shape == [3, 2])
        let expected: [Float] = [3, 4, 4, 6, 3, 3]
        #expect(zip(means.scalars, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(means.scalars)")
        // Classes of one and two rows are exact.
        #expect(Array(means.scalars[0..<4]) == [3, 4, 4, 6])
    }

    @Test func gradientIsSharedEvenlyWithinEachClass() {
        // ∂(Σ means)/∂row = 1/(rows in the row's class), in both columns.
        let variable = rows.variable()
        let gradient = gradients(of: variable.classMeans(labels: labels, classes: 3).sum(), wrt: [variable])[0]
        let perRow: [Float] = [0.5, 1, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3]
        #expect(zip(gradient.scalars, perRow.flatMap { [$0, $0] }).allSatisfy { abs($0 - $1) <= 1e-7 }, "\(gradient.scalars)")
    }
}
